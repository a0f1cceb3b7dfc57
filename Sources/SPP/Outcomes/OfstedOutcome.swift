import JSON

/// How the schools of a selection moved between their baseline and follow-up
/// Ofsted grades, against the national rate (CONTRACT §3 "Evaluation outcomes").
public struct OfstedOutcome: JSONEncodable, Equatable, Sendable {
    /// Schools selected (in scope, matching the filters, members of a
    /// partnership at some time), a school and those it replaced or that
    /// replaced it counting as one.
    public var schools: Int
    public var withBaselineAndFollowUp: Int
    public var improved: Int
    public var unchanged: Int
    public var declined: Int
    /// The national rate of the selected cohort's year, when one was entered.
    public var nationalImprovedRate: Double?

    /// `improved / withBaselineAndFollowUp`, and 0 when no school has both
    /// grades (CONTRACT's shape has no null here; `difference` and `pValue` are null then).
    public var improvedRate: Double {
        withBaselineAndFollowUp == 0 ? 0 : Double(improved) / Double(withBaselineAndFollowUp)
    }

    public var difference: Double? {
        guard withBaselineAndFollowUp > 0, let nationalImprovedRate else { return nil }
        return improvedRate - nationalImprovedRate
    }

    public var pValue: Double? {
        guard withBaselineAndFollowUp > 0, let nationalImprovedRate else { return nil }
        return BinomialTest.pValue(
            successes: improved, trials: withBaselineAndFollowUp, probability: nationalImprovedRate)
    }

    /// Grades run 1 (outstanding) to 4 (inadequate): lower is better.
    mutating func count(baseline: Int?, followUp: Int?) {
        schools += 1
        guard let baseline, let followUp else { return }
        withBaselineAndFollowUp += 1
        if followUp < baseline {
            improved += 1
        } else if followUp == baseline {
            unchanged += 1
        } else {
            declined += 1
        }
    }

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("schools", schools)
        w.field("withBaselineAndFollowUp", withBaselineAndFollowUp)
        w.field("improved", improved)
        w.field("unchanged", unchanged)
        w.field("declined", declined)
        w.field("improvedRate", improvedRate)
        w.field("nationalImprovedRate", nationalImprovedRate)
        w.field("difference", difference)
        w.field("pValue", pValue)
        w.endObject()
    }
}
