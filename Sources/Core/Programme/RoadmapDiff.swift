/// What changed between two versions of a roadmap: measures are matched by their id (the working copy keeps
/// its rows across revisions).
public struct RoadmapDiff: Sendable, Equatable {
    public struct FieldChange: Sendable, Equatable {
        public var field: String
        public var before: String
        public var after: String
    }
    public struct Changed: Sendable, Equatable {
        public var title: String
        public var fields: [FieldChange]
    }

    public var added: [MeasureItem]
    public var removed: [MeasureItem]
    public var changed: [Changed]

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    /// The diff between `old` and `new`: a pure function of the two snapshots.
    public static func between(_ old: RoadmapSnapshot, _ new: RoadmapSnapshot) -> RoadmapDiff {
        func sectionTitles(_ s: RoadmapSnapshot) -> [Int64: String] {
            var titles: [Int64: String] = [:]
            for section in s.sections { if let id = section.id { titles[id] = section.title } }
            return titles
        }
        let oldSections = sectionTitles(old), newSections = sectionTitles(new)
        let oldMeasures = old.measures, newMeasures = new.measures
        let oldById = Dictionary(oldMeasures.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let newIds = Set(newMeasures.map(\.id))
        var changed: [Changed] = []
        for measure in newMeasures {
            guard let before = oldById[measure.id] else { continue }
            var fields: [FieldChange] = []
            func compare(_ name: String, _ a: String, _ b: String) {
                if a != b { fields.append(FieldChange(field: name, before: a, after: b)) }
            }
            compare("Раздел", before.sectionId.flatMap { oldSections[$0] } ?? "", measure.sectionId.flatMap { newSections[$0] } ?? "")
            compare("Мероприятие", before.title, measure.title)
            compare("Описание", before.description, measure.description)
            compare("Сроки", before.dueText, measure.dueText)
            compare("Ответственный", before.responsible, measure.responsible)
            compare("Ожидаемый результат", before.expectedResult, measure.expectedResult)
            compare("Показатель", before.indicator, measure.indicator)
            compare("Единица измерения", before.indicatorUnit, measure.indicatorUnit)
            compare("Базовое значение", before.baseline, measure.baseline)
            compare("Целевое значение", before.target, measure.target)
            compare("Факторы риска", before.riskFactors.joined(separator: "; "), measure.riskFactors.joined(separator: "; "))
            compare("Участники образовательных отношений", MeasureParticipant.text(before.participants), MeasureParticipant.text(measure.participants))
            if !fields.isEmpty { changed.append(Changed(title: measure.title, fields: fields)) }
        }
        return RoadmapDiff(added: newMeasures.filter { oldById[$0.id] == nil },
                           removed: oldMeasures.filter { !newIds.contains($0.id) },
                           changed: changed)
    }
}
