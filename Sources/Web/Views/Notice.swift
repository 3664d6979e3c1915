/// Messages shown once after a change (POST → 303 → GET `?notice=code`): the code travels, the text lives here.
enum Notice: String, Sendable {
    case saved, created, archived, restored, deleted, statusChanged, assigned, unassigned
    case accountCreated, deactivated, reactivated, passwordChanged, passwordReset
    case imported, importRolledBack

    var text: String {
        switch self {
        case .saved: "Изменения сохранены."
        case .created: "Запись создана."
        case .archived: "Перенесено в архив."
        case .restored: "Возвращено из архива."
        case .deleted: "Удалено."
        case .statusChanged: "Статус изменён."
        case .assigned: "Куратор закреплён."
        case .unassigned: "Закрепление снято."
        case .accountCreated: "Учётная запись создана."
        case .deactivated: "Учётная запись отключена, её сеансы завершены."
        case .reactivated: "Учётная запись снова действует."
        case .passwordChanged: "Пароль изменён."
        case .passwordReset: "Выдан новый одноразовый пароль."
        case .imported: "Результаты загружены. Импорт записан в журнал; его можно отменить."
        case .importRolledBack: "Импорт отменён: результаты возвращены к прежним значениям."
        }
    }

    /// `path?notice=code`, keeping an existing query.
    static func redirect(_ path: String, _ notice: Notice) -> String {
        path + (path.contains("?") ? "&" : "?") + "notice=" + notice.rawValue
    }
}
