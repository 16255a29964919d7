"""After a build: checks of the written site and reviews of its entity pages."""
