/// What a user wants by mail.
public enum MailPreference: String, Sendable, CaseIterable, Codable {
    case digest, immediate, none

    public var title: String {
        switch self {
        case .digest: return "Ежедневная сводка (в 7:00 по Москве, только когда есть что сделать)"
        case .immediate: return "Каждое уведомление сразу"
        case .none: return "Не присылать писем"
        }
    }
}
