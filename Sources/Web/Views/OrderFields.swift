/// The «Номер приказа» and «Дата приказа» fields of a form (`_order_fields.html`): a coordinator's appointment,
/// a curator's assignment.
struct OrderFields: Sendable {
    var number: String
    /// dd.MM.yyyy as typed or shown.
    var date: String
    var errors: FormErrors
    var numberError: String? { errors.message("orderNumber") }
    var dateError: String? { errors.message("orderDate") }
}
