import Core
import Foundation

enum AuditNavigation {
    static func items(for scope: Scope) -> [NavigationItem] {
        Policy.mayReadAudit(scope) ? [NavigationItem(title: "Журнал изменений", href: Paths.audit)] : []
    }
}

struct AuditListPage: Sendable {
    var chrome: Chrome
    var errors: FormErrors
    var action = Paths.audit
    var users: [SelectOption]
    var schools: [SelectOption]
    var entities: [SelectOption]
    var from: String
    var to: String
    var fromError: String? { errors.message("from") }
    var toError: String? { errors.message("to") }
    var rows: [AuditEntryRow]
    var rangeText: String
    var csvHref: String
    var xlsxHref: String
    var newerHref: String?
    var olderHref: String?
}

struct AuditEntryRow: Sendable {
    var id: Int64
    var when: String
    var actorName: String
    var actorLogin: String?
    var actorHref: String?
    var actionTitle: String
    var entityTitle: String
    var schoolName: String?
    var schoolHref: String?
    var changes: [AuditChangeRow]
    var unchangedText: String?
    var domId: String { "audit-\(id)" }
}

struct AuditChangeRow: Sendable {
    var field: String
    var before: String
    var after: String
    var isAdded: Bool
    var isRemoved: Bool
}

/// Russian names of the log's entities, actions and common fields (unknown codes are shown as they are).
enum AuditFormat {
    static let entities: [String: String] = [
        "school": "Школа", "schoolStatus": "Статус школы", "municipality": "Муниципалитет", "user": "Учётная запись",
        "curatorProfile": "Профиль куратора", "curatorAssignment": "Закрепление куратора",
        "coordinatorAppointment": "Назначение координатора", "partnership": "Партнёрская пара",
        "procedure": "Оценочная процедура", "result": "Результат", "resultImport": "Загрузка результатов",
        "regionSettings": "Настройки региона", "riskFactor": "Фактор риска", "riskProfile": "Рисковый профиль",
        "roadmap": "Дорожная карта", "roadmapSection": "Раздел дорожной карты", "measure": "Мероприятие",
        "reportPeriod": "Отчётный период", "report": "Отчёт", "reportItem": "Строка отчёта", "comment": "Комментарий",
        "documentKind": "Вид документа", "documentCriterion": "Критерий документа", "document": "Документ",
        "documentVersion": "Версия документа", "municipalEvent": "Городское мероприятие",
        "managementDecision": "Управленческое решение", "staffDevelopment": "Кадровое развитие",
    ]

    static let actions: [String: String] = [
        "create": "создание", "update": "изменение", "delete": "удаление", "archive": "в архив", "restore": "из архива",
        "set": "установлен", "clear": "снят", "exit": "выход из ШНОР", "login": "вход", "logout": "выход", "loginFailed": "неудачный вход",
        "deactivate": "отключение", "reactivate": "включение", "resetPassword": "сброс пароля",
        "changePassword": "смена пароля", "submit": "сдан", "submitted": "отправлена на согласование",
        "approved": "утверждена", "returned": "возвращена на доработку", "revisionStarted": "новая редакция",
        "accept": "принят", "return": "возвращён на доработку", "open": "открыт", "close": "закрыт",
        "upload": "загрузка", "attach": "прикрепление файла", "import": "загрузка", "rollback": "отмена загрузки",
        "copy": "копирование", "moveUp": "перемещение выше", "moveDown": "перемещение ниже",
        "minimumScore": "минимальный балл", "analysedProcedures": "анализируемые процедуры",
    ]

    static let fields: [String: String] = [
        "title": "Название", "name": "Наименование", "shortName": "Краткое наименование", "status": "Статус",
        "schoolId": "Школа", "municipalityId": "Муниципалитет", "schoolYear": "Учебный год", "dueDate": "Срок сдачи",
        "isOpen": "Открыт", "half": "Полугодие", "comment": "Комментарий", "fullName": "ФИО", "login": "Логин",
        "role": "Роль", "isActive": "Действует", "summary": "Итоги", "selfAssessment": "Самооценка",
        "items": "Мероприятия", "revision": "Редакция", "reason": "Основание", "flag": "Признак", "isSet": "Установлен",
        "isExit": "Выход", "cohortYear": "Год набора", "curatorId": "Куратор", "description": "Описание",
        "responsible": "Ответственный", "expectedResult": "Ожидаемый результат", "dueText": "Срок",
        "address": "Адрес", "kind": "Вид", "periodId": "Отчётный период", "roadmapId": "Дорожная карта",
        "значение": "Значение",
    ]

    static func entityTitle(_ code: String) -> String { entities[code] ?? code }
    static func actionTitle(_ code: String) -> String { actions[code] ?? code }
    static func fieldTitle(_ code: String) -> String { fields[code].map { "\($0) (\(code))" } ?? code }

    static func object(_ row: AuditRow) -> String {
        entityTitle(row.entity) + (row.entityId.map { " № \($0)" } ?? "")
    }

    static func changeText(_ row: AuditRow) -> String {
        row.changes.map { "\(fieldTitle($0.field)): \($0.before ?? "—") → \($0.after ?? "—")" }.joined(separator: "; ")
    }

    static func row(_ r: AuditRow, filterQuery: (AuditFilter) -> String) -> AuditEntryRow {
        AuditEntryRow(
            id: r.id, when: RussianDate.dateTime(r.at), actorName: r.actorName, actorLogin: r.actorLogin,
            actorHref: r.actorId.map { filterQuery(AuditFilter(userId: $0)) },
            actionTitle: actionTitle(r.action), entityTitle: object(r), schoolName: r.schoolName,
            schoolHref: r.schoolId.map { filterQuery(AuditFilter(schoolId: $0)) },
            changes: r.changes.map {
                AuditChangeRow(field: fieldTitle($0.field), before: $0.before ?? "—", after: $0.after ?? "—",
                               isAdded: $0.before == nil, isRemoved: $0.after == nil)
            },
            unchangedText: r.unchangedCount > 0
                ? "Без изменений: " + RussianPlural.count(r.unchangedCount, "поле", "поля", "полей") : nil)
    }

    static let exportHeader = ["Дата и время", "Пользователь", "Логин", "Действие", "Объект", "Школа", "Изменения"]

    static func exportRow(_ r: AuditRow) -> [String] {
        [RussianDate.dateTime(r.at), r.actorName, r.actorLogin ?? "", actionTitle(r.action), object(r), r.schoolName ?? "",
         changeText(r)]
    }
}
