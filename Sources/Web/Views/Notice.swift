/// Messages shown once after a change (POST → 303 → GET `?notice=code`): the code travels, the text lives here.
enum Notice: String, Sendable {
    case saved, created, archived, restored, deleted, statusChanged, assigned, unassigned
    case accountCreated, deactivated, reactivated, passwordChanged, passwordReset
    case identificationConfirmed
    case roadmapSubmitted, roadmapApproved, roadmapReturned, revisionStarted, measureCopied
    case periodOpened, periodClosed, reportStarted, reportSubmitted, reportAccepted, reportReturned
    case imported, importRolledBack
    case documentUploaded, documentAccepted, documentReturned, evidenceAttached
    case practiceProposed, practicePublished, practiceReturned, materialAdded
    case notificationsRead

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
        case .identificationConfirmed: "Перечень ШНОР подтверждён: статусы школ записаны."
        case .roadmapSubmitted: "Дорожная карта отправлена на согласование."
        case .roadmapApproved: "Утверждено."
        case .roadmapReturned: "Дорожная карта возвращена на доработку."
        case .revisionStarted: "Начата новая редакция: внесите изменения и отправьте на согласование."
        case .measureCopied: "Мероприятие скопировано в дорожные карты школ."
        case .periodOpened: "Отчётный период открыт: школы могут сдавать отчёты."
        case .periodClosed: "Отчётный период закрыт."
        case .reportStarted: "Отчёт начат: заполните состояние мероприятий."
        case .reportSubmitted: "Отчёт сдан на проверку."
        case .reportAccepted: "Отчёт принят."
        case .reportReturned: "Отчёт возвращён на доработку."
        case .imported: "Результаты загружены. Импорт записан в журнал; его можно отменить."
        case .importRolledBack: "Импорт отменён: результаты возвращены к прежним значениям."
        case .documentUploaded: "Файл загружен: это новая текущая версия документа."
        case .documentAccepted: "Документ принят."
        case .documentReturned: "Документ возвращён на доработку."
        case .evidenceAttached: "Файл прикреплён к мероприятию."
        case .practiceProposed: "Практика предложена: муниципальный координатор опубликует её или вернёт с комментарием."
        case .practicePublished: "Практика опубликована: её видят все пользователи региона."
        case .practiceReturned: "Практика возвращена школе на доработку."
        case .materialAdded: "Материал добавлен."
        case .notificationsRead: "Все уведомления отмечены прочитанными."
        }
    }

    /// `path?notice=code`, keeping an existing query.
    static func redirect(_ path: String, _ notice: Notice) -> String {
        path + (path.contains("?") ? "&" : "?") + "notice=" + notice.rawValue
    }
}
