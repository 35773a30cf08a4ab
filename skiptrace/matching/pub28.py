"""USPS Publication 28 abbreviation tables: street suffixes (appendix C1), secondary unit
designators (C2), directionals and state names, as data for the address normaliser."""

from __future__ import annotations

# Each table: the standard abbreviation -> the common spellings Pub 28 lists for it. Street
# suffixes (C1) are abridged to the suffixes seen in residential addresses.
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "ALY": ("alley", "allee", "ally", "aly"),
    "ANX": ("annex", "anex", "annx", "anx"),
    "ARC": ("arcade", "arc"),
    "AVE": ("avenue", "av", "aven", "avenu", "avn", "avnue", "ave"),
    "BLVD": ("boulevard", "boul", "boulv", "blvd"),
    "BND": ("bend", "bnd"),
    "BR": ("branch", "brnch", "br"),
    "BRG": ("bridge", "brdge", "brg"),
    "BYP": ("bypass", "bypa", "bypas", "byps", "byp"),
    "CIR": ("circle", "circ", "circl", "crcl", "crcle", "cir"),
    "CIRS": ("circles", "cirs"),
    "CLB": ("club", "clb"),
    "CMN": ("common", "cmn"),
    "COR": ("corner", "cor"),
    "CRSE": ("course", "crse"),
    "CT": ("court", "crt", "ct"),
    "CTS": ("courts", "cts"),
    "CV": ("cove", "cv"),
    "CRK": ("creek", "crk"),
    "CRES": ("crescent", "crsent", "crsnt", "cres"),
    "XING": ("crossing", "crssng", "xing"),
    "DL": ("dale", "dl"),
    "DR": ("drive", "driv", "drv", "dr"),
    "DRS": ("drives", "drs"),
    "EST": ("estate", "est"),
    "ESTS": ("estates", "ests"),
    "EXPY": ("expressway", "exp", "expr", "express", "expw", "expy"),
    "EXT": ("extension", "extn", "extnsn", "ext"),
    "FLS": ("falls", "fls"),
    "FRY": ("ferry", "frry", "fry"),
    "FLD": ("field", "fld"),
    "FLDS": ("fields", "flds"),
    "FLT": ("flat", "flt"),
    "FRD": ("ford", "frd"),
    "FRST": ("forest", "forests", "frst"),
    "FRK": ("fork", "frk"),
    "FT": ("fort", "frt", "ft"),
    "FWY": ("freeway", "freewy", "frway", "frwy", "fwy"),
    "GDN": ("garden", "gardn", "grden", "grdn", "gdn"),
    "GDNS": ("gardens", "grdns", "gdns"),
    "GTWY": ("gateway", "gatewy", "gatway", "gtway", "gtwy"),
    "GLN": ("glen", "gln"),
    "GRN": ("green", "grn"),
    "GRV": ("grove", "grov", "grv"),
    "HBR": ("harbor", "harb", "harbr", "hrbor", "hbr"),
    "HVN": ("haven", "hvn"),
    "HTS": ("heights", "ht", "hts"),
    "HWY": ("highway", "highwy", "hiway", "hiwy", "hway", "hwy"),
    "HL": ("hill", "hl"),
    "HLS": ("hills", "hls"),
    "HOLW": ("hollow", "hllw", "hollows", "holws", "holw"),
    "IS": ("island", "islnd", "is"),
    "JCT": ("junction", "jction", "jctn", "junctn", "juncton", "jct"),
    "KNL": ("knoll", "knol", "knl"),
    "LK": ("lake", "lk"),
    "LKS": ("lakes", "lks"),
    "LNDG": ("landing", "lndng", "lndg"),
    "LN": ("lane", "ln"),
    "LOOP": ("loop", "loops"),
    "MALL": ("mall",),
    "MNR": ("manor", "mnr"),
    "MDW": ("meadow", "mdw"),
    "MDWS": ("meadows", "medows", "mdws"),
    "ML": ("mill", "ml"),
    "MT": ("mount", "mnt", "mt"),
    "MTN": ("mountain", "mntain", "mntn", "mountin", "mtin", "mtn"),
    "ORCH": ("orchard", "orchrd", "orch"),
    "OVAL": ("oval", "ovl"),
    "PARK": ("park", "prk", "parks"),
    "PKWY": ("parkway", "parkwy", "pkway", "pky", "pkwy", "parkways", "pkwys"),
    "PASS": ("pass",),
    "PATH": ("path", "paths"),
    "PIKE": ("pike", "pikes"),
    "PNE": ("pine", "pne"),
    "PL": ("place", "pl"),
    "PLN": ("plain", "pln"),
    "PLZ": ("plaza", "plza", "plz"),
    "PT": ("point", "pt"),
    "PRT": ("port", "prt"),
    "PR": ("prairie", "prr", "pr"),
    "RD": ("road", "rd"),
    "RDS": ("roads", "rds"),
    "RDG": ("ridge", "rdge", "rdg"),
    "RIV": ("river", "rvr", "rivr", "riv"),
    "RTE": ("route", "rte"),
    "ROW": ("row",),
    "RUN": ("run",),
    "SHR": ("shore", "shoar", "shr"),
    "SPG": ("spring", "spng", "sprng", "spg"),
    "SQ": ("square", "sqr", "sqre", "squ", "sq"),
    "STA": ("station", "statn", "stn", "sta"),
    "ST": ("street", "strt", "str", "st"),
    "STRM": ("stream", "streme", "strm"),
    "SMT": ("summit", "sumit", "sumitt", "smt"),
    "TER": ("terrace", "terr", "ter"),
    "TRCE": ("trace", "traces", "trce"),
    "TRAK": ("track", "tracks", "trk", "trks", "trak"),
    "TRL": ("trail", "trails", "trls", "trl"),
    "TUNL": ("tunnel", "tunel", "tunls", "tunnels", "tunnl", "tunl"),
    "TPKE": ("turnpike", "trnpk", "turnpk", "tpke"),
    "UN": ("union", "un"),
    "VLY": ("valley", "vally", "vlly", "vly"),
    "VIA": ("viaduct", "vdct", "viadct", "via"),
    "VW": ("view", "vw"),
    "VIS": ("vista", "vist", "vst", "vsta", "vis"),
    "WALK": ("walk", "walks"),
    "WAY": ("way", "wy"),
    "WLS": ("wells", "wls"),
}

_DIRECTIONS: dict[str, tuple[str, ...]] = {
    "N": ("north",),
    "S": ("south",),
    "E": ("east",),
    "W": ("west",),
    "NE": ("northeast",),
    "NW": ("northwest",),
    "SE": ("southeast",),
    "SW": ("southwest",),
}

# Secondary unit designators (C2); the designator itself never decides a match, the
# unit's number does (APT 4 = UNIT 4 = #4).
_UNITS: dict[str, tuple[str, ...]] = {
    "APT": ("apartment", "ap"),
    "BSMT": ("basement",),
    "BLDG": ("building",),
    "DEPT": ("department",),
    "FL": ("floor", "flr"),
    "FRNT": ("front",),
    "HNGR": ("hangar",),
    "LOT": (),
    "LOWR": ("lower",),
    "OFC": ("office",),
    "PH": ("penthouse",),
    "REAR": (),
    "RM": ("room",),
    "SPC": ("space",),
    "STE": ("suite",),
    "TRLR": ("trailer",),
    "UNIT": (),
    "UPPR": ("upper",),
    "#": ("no", "number"),
}


def _by_spelling(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each spelling (and the abbreviation itself, in lower case) -> the abbreviation."""
    return {
        spelling: abbr
        for abbr, spellings in table.items()
        for spelling in (*spellings, abbr.lower())
    }


STREET_SUFFIXES = _by_spelling(_SUFFIXES)
DIRECTIONALS = _by_spelling(_DIRECTIONS)
UNIT_DESIGNATORS = _by_spelling(_UNITS)

# USPS two-letter codes of the states, the District, the territories and the armed forces
# (Publication 28, Appendix B), with their names folded
STATE_NAMES: dict[str, str] = {
    "AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california",
    "CO": "colorado", "CT": "connecticut", "DE": "delaware", "FL": "florida", "GA": "georgia",
    "HI": "hawaii", "ID": "idaho", "IL": "illinois", "IN": "indiana", "IA": "iowa",
    "KS": "kansas", "KY": "kentucky", "LA": "louisiana", "ME": "maine", "MD": "maryland",
    "MA": "massachusetts", "MI": "michigan", "MN": "minnesota", "MS": "mississippi",
    "MO": "missouri", "MT": "montana", "NE": "nebraska", "NV": "nevada", "NH": "new hampshire",
    "NJ": "new jersey", "NM": "new mexico", "NY": "new york", "NC": "north carolina",
    "ND": "north dakota", "OH": "ohio", "OK": "oklahoma", "OR": "oregon", "PA": "pennsylvania",
    "RI": "rhode island", "SC": "south carolina", "SD": "south dakota", "TN": "tennessee",
    "TX": "texas", "UT": "utah", "VT": "vermont", "VA": "virginia", "WA": "washington",
    "WV": "west virginia", "WI": "wisconsin", "WY": "wyoming", "DC": "district of columbia",
    "PR": "puerto rico", "VI": "virgin islands", "GU": "guam", "AS": "american samoa",
    "MP": "northern mariana islands", "AA": "armed forces americas",
    "AE": "armed forces europe", "AP": "armed forces pacific",
}  # fmt: skip
STATES: dict[str, str] = {name: code for code, name in STATE_NAMES.items()}
