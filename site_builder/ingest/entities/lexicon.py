"""Small hand-written lexicons used by the entity extractor.

Only closed-class words live here (titles, organisation suffixes, function words, aliases,
demonyms). Place names and first names come from maintained data packages instead.
"""

from __future__ import annotations

# Honorifics and job titles that precede a person's name. They mark the following name as a
# person and are never part of the canonical name.
TITLES: frozenset[str] = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady rev reverend fr father sister brother
    gen maj col colonel lt lieutenant capt captain cmdr commander adm admiral
    sgt sergeant cpl corporal pvt private brig brigadier marshal field
    president vice-president premier chancellor minister secretary senator sen rep representative
    congressman congresswoman governor gov mayor ambassador envoy judge justice
    king queen prince princess emperor sheikh sheik emir ayatollah imam pope cardinal bishop
    archbishop rabbi cleric mullah commissioner chairman chairwoman chair spokesman spokeswoman
    spokesperson director coach manager striker midfielder defender goalkeeper captain
    inspector superintendent detective officer chief deputy leader
    """.split()
)

# Words that often sit between an affiliation and a title ("EU Farm Commissioner",
# "Foreign Minister"); they belong to the title, not to a name.
TITLE_MODIFIERS: frozenset[str] = frozenset(
    """
    prime vice deputy foreign defence defense finance interior justice trade economy economic
    farm agriculture health education energy industry transport labour labor home foreign
    former acting senior chief top supreme first second third interim opposition party state
    sports culture environment information communications treasury budget fisheries
    assistant associate executive managing general attorney police army military navy air
    """.split()
)

# Legal forms that end a company's name without changing which company it is; on their own
# ("Corp", "Co Inc") they name nothing.
LEGAL_FORMS: frozenset[str] = frozenset(
    """corp corp. corporation inc inc. incorporated co co. cos ltd ltd. limited plc llc lp
    ag sa s.a. nv n.v. bv gmbh spa s.p.a. kk ab asa oy oyj pty""".split()
)

# Last words that make a capitalised span an organisation: the legal forms, and more.
ORG_SUFFIXES: frozenset[str] = LEGAL_FORMS | frozenset(
    """
    llp company companies group holdings holding industries international bank bancorp securities
    capital partners fund funds trust insurance airlines airways motors petroleum oil energy
    telecom communications systems technologies technology software pharmaceuticals foods
    stores markets exchange association federation union council committee commission
    ministry department agency authority office bureau board court parliament assembly
    congress senate party front movement alliance league forces force army navy brigade brigades
    guard militia police service services institute university college school academy
    foundation society organisation organization church club fc cf united city rovers
    wanderers athletic hotspur albion county villa sporting team times post journal news
    herald tribune gazette network broadcasting television radio press reuters centre center
    newsroom desk rangers brothers administration
    """.split()
)

# Words that start an organisation when followed by "of" ("Bank of England").
ORG_HEADS: frozenset[str] = frozenset(
    """
    bank ministry department university college institute council court church academy
    board bureau office commission committee federation union association league party
    house chamber school museum society organisation organization order
    """.split()
)

# Words that start a place when followed by "of" ("Gulf of Mexico", "Republic of Ireland").
PLACE_HEADS: frozenset[str] = frozenset(
    """
    gulf bay sea strait straits isle islands island republic kingdom state province
    cape lake mount port city county district region sultanate emirate principality
    """.split()
)

# Lower-case particles allowed inside a personal or place name ("Ludwig van Beethoven",
# "Osama bin Laden").
NAME_PARTICLES: frozenset[str] = frozenset(
    "de del della der den di da dos das du van von la le al el bin ibn ben ter".split()
)

# Function words, dates and similar: never the first word of a name, so they are stripped from
# the front of a capitalised span ("The United States", "But Smith", "Former England").
FUNCTION_WORDS: frozenset[str] = frozenset(
    """
    a an the this that these those there here it its it's he she we they you i me my our your
    his her their them us him who whom whose what which when where why how all any some no not
    none each every both either neither other another such many much more most few several
    and or but nor so yet for if then than though although because since while after before
    until unless as at by from in into on onto of off out over under up down with within without
    about above below across against along among around behind beside between beyond during
    except inside near outside through throughout toward towards upon via per
    is are was were be been being am do does did done have has had having will would shall
    should can could may might must ought also just only even still already again ever never
    once now today tonight tomorrow yesterday meanwhile however moreover furthermore therefore
    thus hence instead otherwise indeed perhaps maybe yes well very too quite rather former
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    said says say told asked added according
    let lets please thank thanks okay ok oh
    """.split()
)

# Everyday capitalised words that are not names on their own (a span made only of one of these
# is dropped) but can start one ("National Bank", "North Korea", "New York").
COMMON_WORDS: frozenset[str] = FUNCTION_WORDS | frozenset(
    """
    new old first last next second third one two three four five six seven eight nine ten
    mon tue wed thu fri sat sun
    north south east west northern southern eastern western central
    total results result scores score standings table division group round final semi
    police government officials official minister president leader chairman spokesman
    report reports news page section story update updates note notes editor source sources
    world national international local state federal public people man woman men women
    company market markets share shares stock stocks price prices percent pct index trade
    analysts analyst traders dealers investors sales profit net revenue
    week weeks month months year years day days time times hour hours
    mr mrs ms dr
    tv gdp ceo cfo gmt edt est utc am pm ipo eps vat dna ok
    halftime half-time attendance fax tel shr yellow earlier fastest spot
    ai pc cd cds dvd dvds mp mps mep meps msp msps hiv aids sms gcse gcses a-level a-levels qc
    """.split()
)

# Last words that make a capitalised span a place: venues and streets ("Stadium Australia" is
# matched by its first word, "Abbey Road" by its last). As a lower-case word after an unknown
# name ("Stansted airport") they make that name a place too.
PLACE_SUFFIXES: frozenset[str] = frozenset(
    """
    airport stadium arena oval circuit racecourse river valley mountains mountain lake island
    islands peninsula bridge square street road avenue boulevard lane highway motorway
    province region district pradesh
    """.split()
)
# Lower-case nouns after an unknown name that make it a place ("Andhra Pradesh state").
PLACE_FOLLOWERS: frozenset[str] = PLACE_SUFFIXES | frozenset("state city town village county studios".split())
PLACE_FIRST_WORDS: frozenset[str] = frozenset("stadium stadio estadio mount lake river".split())

# Last words of sporting events, prizes and similar (not person/organisation/place).
EVENT_SUFFIXES: frozenset[str] = frozenset(
    """
    cup open championship championships series tour prix masters games olympics olympic
    rally trophy classic award awards prize grand-prix marathon tournament derby
    bill act acts treaty accord accords convention plan diaries diary show
    """.split()
)

# Lower-case words after a name that make it a work, not an entity ("the Achtung Baby album").
WORK_NOUNS: frozenset[str] = frozenset(
    "album albums single song songs film films movie book books novel series show programme sitcom".split()
)

# Post-nominal letters that follow a person's name and are not part of it ("Andrew Tyrie MP").
POST_NOMINALS: frozenset[str] = frozenset("mp mep msp mla qc kc obe mbe cbe kbe jr jr. sr sr. phd".split())

# Lower-case nouns right before a name that make it an organisation ("investment bank Morgan
# Stanley", "carmaker Ford"), and words two before it ("spokesman for X", "shares of X").
ORG_APPOSITIVES: frozenset[str] = frozenset(
    """
    bank banks firm company group carmaker automaker maker retailer airline carrier insurer
    broker brokerage lender conglomerate operator publisher broadcaster supermarket chain
    giant rival rivals club side team party newspaper paper agency
    """.split()
)
ORG_CUE_PAIRS: frozenset[tuple[str, str]] = frozenset(
    [("spokesman", "for"), ("spokeswoman", "for"), ("spokesperson", "for"), ("shares", "of"),
     ("shares", "in"), ("stake", "in"), ("unit", "of"), ("subsidiary", "of"), ("analyst", "at"),
     ("analysts", "at"), ("economist", "at"), ("chairman", "of"), ("director", "of"), ("owned", "by"),
     ("bid", "for"), ("takeover", "of"), ("merger", "with"), ("chief", "of")]
)

# Irregular demonyms and religious/ethnic adjectives; regular ones ("Iranian", "Iraqi") are
# derived from country names at load time.
DEMONYMS: frozenset[str] = frozenset(
    """
    american british french dutch swiss greek turkish danish swedish finnish polish spanish
    irish scottish welsh english thai filipino argentine argentinian kurdish kurd kurds arab
    arabs arabic israeli pakistani bangladeshi czech slovak norwegian cypriot iraqi kuwaiti
    saudi yemeni omani qatari emirati european african asian western eastern soviet
    palestinian serb serbian croat croatian bosnian muslim muslims christian christians jewish
    jew jews catholic catholics protestant sunni shia shiite shi'ite hindu buddhist sikh
    latin nordic scandinavian balkan
    chinese japanese vietnamese lebanese sudanese portuguese taiwanese maltese congolese
    burmese nepalese senegalese icelandic german russian italian indian iranian syrian
    egyptian belgian brazilian canadian australian mexican korean afghan afghani uzbek kazakh
    tajik azeri azerbaijani georgian armenian ukrainian belarusian moldovan romanian
    bulgarian hungarian austrian slovenian macedonian albanian estonian latvian lithuanian
    nigerian kenyan ethiopian somali libyan tunisian algerian moroccan jordanian bahraini
    zimbabwean zambian angolan mozambican namibian ghanaian ugandan rwandan tanzanian
    peruvian chilean colombian venezuelan cuban bolivian ecuadorian uruguayan paraguayan
    haitian jamaican malaysian indonesian singaporean new-zealander zealander sri lankan
    americans britons brits europeans africans asians
    """.split()
)

# Surface forms whose canonical name differs: (canonical, type).
ALIASES: dict[str, tuple[str, str]] = {
    "u.s.": ("United States", "place"),
    "u.s.a.": ("United States", "place"),
    "usa": ("United States", "place"),
    "us": ("United States", "place"),
    "america": ("United States", "place"),
    "united states of america": ("United States", "place"),
    "u.k.": ("United Kingdom", "place"),
    "uk": ("United Kingdom", "place"),
    "britain": ("United Kingdom", "place"),
    "great britain": ("United Kingdom", "place"),
    "u.n.": ("United Nations", "organization"),
    "un": ("United Nations", "organization"),
    "e.u.": ("European Union", "organization"),
    "eu": ("European Union", "organization"),
    "nato": ("NATO", "organization"),
    "opec": ("OPEC", "organization"),
    "imf": ("International Monetary Fund", "organization"),
    "u.a.e.": ("United Arab Emirates", "place"),
    "uae": ("United Arab Emirates", "place"),
    "holland": ("Netherlands", "place"),
    "the netherlands": ("Netherlands", "place"),
    "netherlands": ("Netherlands", "place"),
    "czech republic": ("Czechia", "place"),
    "burma": ("Myanmar", "place"),
    "ivory coast": ("Ivory Coast", "place"),
    "soviet union": ("Soviet Union", "place"),
    "ussr": ("Soviet Union", "place"),
    "yugoslavia": ("Yugoslavia", "place"),
    "czechoslovakia": ("Czechoslovakia", "place"),
    "zaire": ("Zaire", "place"),
    "macedonia": ("North Macedonia", "place"),
    "bosnia": ("Bosnia and Herzegovina", "place"),
    "herzegovina": ("Herzegovina", "place"),
    "west bank": ("West Bank", "place"),
    "gaza": ("Gaza", "place"),
    "gaza strip": ("Gaza Strip", "place"),
    "palestine": ("Palestine", "place"),
    "england": ("England", "place"),
    "scotland": ("Scotland", "place"),
    "wales": ("Wales", "place"),
    "northern ireland": ("Northern Ireland", "place"),
    "ulster": ("Ulster", "place"),
    "chechnya": ("Chechnya", "place"),
    "tibet": ("Tibet", "place"),
    "kashmir": ("Kashmir", "place"),
    "kurdistan": ("Kurdistan", "place"),
    "siberia": ("Siberia", "place"),
    "washington": ("Washington", "place"),
    "pentagon": ("Pentagon", "place"),
    "kremlin": ("Kremlin", "place"),
    "white house": ("White House", "place"),
    "united nations": ("United Nations", "organization"),
    "european union": ("European Union", "organization"),
    "congress": ("Congress", "organization"),
    "senate": ("Senate", "organization"),
    "parliament": ("Parliament", "organization"),
    "commons": ("House of Commons", "organization"),
    "house of commons": ("House of Commons", "organization"),
    "lords": ("House of Lords", "organization"),
    "house of lords": ("House of Lords", "organization"),
}

# Larger regions not in the country/city gazetteer.
REGIONS: frozenset[str] = frozenset(
    part.strip()
    for part in """
    middle east|near east|far east|persian gulf|balkans|caucasus|caribbean|scandinavia
    |latin america|central america|central asia|south asia|southeast asia|east asia|west africa
    |east africa|north africa|southern africa|sub-saharan africa|horn of africa|sahara|sahel
    |mediterranean|atlantic|pacific|indian ocean|arctic|antarctic|baltic|black sea|red sea
    |north sea|caspian sea|caspian|asia-pacific|pacific rim|western europe|eastern europe
    |central europe|the americas|americas|eurasia|mideast|persian gulf|strait of hormuz
    |danube|rhine|nile|himalayas|alps|andes|new england|midwest|silicon valley
    |wall street|hong kong|kosovo|transylvania|bavaria|catalonia|flanders|wallonia|quebec
    |ontario|british columbia|alberta|queensland|new south wales|victoria|tasmania
    """.replace("\n", "").split("|")
    if part.strip()
)

# Sovereign states, as the gazetteer names them (UN members and observer states, Kosovo and
# Taiwan, and the states of the 1980s and 1990s news archives): only two of these make an
# "A–B Relations" tag. Not cities, regions, territories or buildings ("Washington", "Europe",
# "Hong Kong", "White House").
SOVEREIGN_STATES: frozenset[str] = frozenset(
    part.strip()
    for part in """
    Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia|Austria
    |Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia
    |Bosnia and Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cabo Verde|Cambodia
    |Cameroon|Canada|Central African Republic|Chad|Chile|China|Colombia|Comoros|Costa Rica|Croatia|Cuba
    |Cyprus|Czechia|Democratic Republic of the Congo|Denmark|Djibouti|Dominica|Dominican Republic|Ecuador
    |Egypt|El Salvador|Equatorial Guinea|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon
    |Gambia|Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras
    |Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan
    |Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya
    |Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Marshall Islands
    |Mauritania|Mauritius|Mexico|Micronesia|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique
    |Myanmar|Namibia|Nauru|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|North Korea
    |North Macedonia|Norway|Oman|Pakistan|Palau|Palestine|Panama|Papua New Guinea|Paraguay|Peru
    |Philippines|Poland|Portugal|Qatar|Republic of the Congo|Romania|Russia|Rwanda|Saint Kitts and Nevis
    |Saint Lucia|Saint Vincent and the Grenadines|Samoa|San Marino|Sao Tome and Principe|Saudi Arabia
    |Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|Solomon Islands|Somalia
    |South Africa|South Korea|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan
    |Tajikistan|Tanzania|Thailand|Timor Leste|Togo|Tonga|Trinidad and Tobago|Tunisia|Turkey|Turkmenistan
    |Tuvalu|Uganda|Ukraine|United Arab Emirates|United Kingdom|United States|Uruguay|Uzbekistan|Vanuatu
    |Vatican|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe
    |Soviet Union|West Germany|East Germany|Yugoslavia|Czechoslovakia|Zaire|Serbia and Montenegro
    """.replace("\n", "").split("|")
    if part.strip()
)
