import Foundation

/// A value axis from zero: a "nice" top (1, 2, 2.5 or 5 × 10ⁿ steps) and its ticks.
struct ValueAxis: Equatable {
    var top: Double
    var step: Double
    init(top: Double, step: Double) { self.top = top; self.step = step }
    var ticks: [Double] { (0...Int((top / step).rounded())).map { Double($0) * step } }

    /// The smallest nice scale holding `maximum` with at most `maxTicks` steps; an empty or zero maximum gives 0…1
    /// (or 0…`minimumTop`). `integers` keeps steps whole (counts).
    init(maximum: Double, maxTicks: Int = 5, minimumTop: Double = 1, integers: Bool = false) {
        let target = max(maximum.isFinite ? maximum : 0, minimumTop)
        let raw = target / Double(maxTicks)
        let magnitude = Foundation.pow(10, (Foundation.log10(raw)).rounded(.down))
        let factors: [Double] = integers ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]
        var step = factors.map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-9) } ?? 10 * magnitude
        if integers { step = max(1, step.rounded(.up)) }
        self.step = step
        top = (target / step * (1 - 1e-9)).rounded(.up) * step
    }
}

/// «30 %», «12,5 %», «7»: numbers for labels, with a decimal comma.
enum ChartNumber {
    static func plain(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10),\(abs(tenths % 10))"
    }
    static func percent(_ value: Double) -> String { plain(value) + " %" }
    /// «8,0 %»: always one decimal, for data values.
    static func percentTenths(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10),\(abs(tenths % 10)) %"
    }
}
