/// GIAS "GOR" (government office region), as the API spells it (CONTRACT §3 "Schools").
public enum Region: String, CaseIterable, Sendable {
    case northEast = "north_east"
    case northWest = "north_west"
    case yorkshireAndTheHumber = "yorkshire_and_the_humber"
    case eastMidlands = "east_midlands"
    case westMidlands = "west_midlands"
    case eastOfEngland = "east_of_england"
    case london
    case southEast = "south_east"
    case southWest = "south_west"
    case wales
    case notApplicable = "not_applicable"
}
