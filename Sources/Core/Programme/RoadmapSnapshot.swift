import Foundation

/// The sections and measures of a roadmap as approved: the JSON kept in `roadmapRevision.snapshot`,
/// read back for the revision history and the diff between revisions.
public struct RoadmapSnapshot: Codable, Sendable, Equatable {
    public struct Section: Codable, Sendable, Equatable {
        public var id: Int64
        public var title: String
        public var position: Int
        public init(id: Int64, title: String, position: Int) {
            self.id = id; self.title = title; self.position = position
        }
    }

    public struct Measure: Codable, Sendable, Equatable {
        public var id: Int64
        public var sectionId: Int64?
        public var position: Int
        public var title: String
        public var description: String
        /// `Due.Kind` raw value: date, month, monthRange, standing.
        public var dueKind: String
        /// yyyy-MM-dd; nil for standing terms.
        public var dueFrom: String?
        public var dueTo: String?
        public var dueText: String
        public var responsible: String
        public var expectedResult: String
        public var indicator: String
        public var indicatorUnit: String
        public var baseline: String
        public var target: String
        public var riskFactorIds: [Int64]

        public init(id: Int64, sectionId: Int64?, position: Int, title: String, description: String = "",
                    dueKind: String, dueFrom: String?, dueTo: String?, dueText: String, responsible: String = "",
                    expectedResult: String = "", indicator: String = "", indicatorUnit: String = "",
                    baseline: String = "", target: String = "", riskFactorIds: [Int64] = []) {
            self.id = id; self.sectionId = sectionId; self.position = position; self.title = title
            self.description = description; self.dueKind = dueKind; self.dueFrom = dueFrom; self.dueTo = dueTo
            self.dueText = dueText; self.responsible = responsible; self.expectedResult = expectedResult
            self.indicator = indicator; self.indicatorUnit = indicatorUnit; self.baseline = baseline
            self.target = target; self.riskFactorIds = riskFactorIds
        }
    }

    public var sections: [Section]
    public var measures: [Measure]

    public init(sections: [Section], measures: [Measure]) {
        self.sections = sections; self.measures = measures
    }

    /// Stable JSON (sorted keys) for the `snapshot` column.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public static func decode(_ json: String) throws -> RoadmapSnapshot {
        try JSONDecoder().decode(RoadmapSnapshot.self, from: Data(json.utf8))
    }
}
