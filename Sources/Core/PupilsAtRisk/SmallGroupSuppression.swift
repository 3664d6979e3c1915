/// A figure as the public page may show it: a number, a share, or «<10» for a group of fewer than ten pupils.
public enum PublicFigure: Sendable, Equatable {
    case count(Int)
    case share(Double)
    case suppressed
    /// No figure at all (a share of no pupils).
    case none

    /// «23», «12,5 %», «<10», «—».
    public var text: String {
        switch self {
        case .count(let n): String(n)
        case .share(let s): PupilsAtRiskMath.percent(s)
        case .suppressed: SmallGroupSuppression.mark
        case .none: "—"
        }
    }
}

/// The rule of the public page: no figure about a group of fewer than 10 pupils. A count of 1–9 pupils
/// is shown as «<10»; a share is shown only when both the group it is about and the whole are at least
/// 10 (or the part is 0 of at least 10), otherwise «<10». A count of 0 names nobody and is shown, except
/// inside a grade of fewer than 10 pupils, where every figure is «<10».
public enum SmallGroupSuppression {
    public static let minimumGroup = 10
    public static let mark = "<10"

    /// A count of pupils.
    public static func count(_ n: Int) -> PublicFigure {
        (1..<minimumGroup).contains(n) ? .suppressed : .count(max(n, 0))
    }

    /// The share `part / whole`: suppressed when the whole or a non-empty part is a group of fewer than 10.
    public static func share(_ part: Int, of whole: Int) -> PublicFigure {
        if whole <= 0 { return .none }
        if whole < minimumGroup || (1..<minimumGroup).contains(part) { return .suppressed }
        return PupilsAtRiskMath.share(part, of: whole).map(PublicFigure.share) ?? .none
    }

    /// The public figures of a row: pupils, at risk, of them with ОВЗ, and the share at risk.
    public static func figures(_ f: PupilsAtRiskFigures) -> (pupils: PublicFigure, atRisk: PublicFigure,
                                                            withSpecialNeeds: PublicFigure, share: PublicFigure) {
        // A grade of fewer than 10 pupils: every figure about it is about a small group.
        if f.pupils <= 0 { return (.count(0), .count(0), .count(0), .none) }
        if f.pupils < minimumGroup { return (.suppressed, .suppressed, .suppressed, .suppressed) }
        return (count(f.pupils), count(f.atRisk), count(f.withSpecialNeeds), share(f.atRisk, of: f.pupils))
    }
}
