import Core
import HTTPServer

/// Error pages in Russian; never a stack trace.
enum ErrorPages {
    static func render(_ error: DomainError, chrome: Chrome) -> HTTPResponse {
        switch error {
        case .forbidden: render(status: .forbidden, chrome: chrome)
        case .notFound: render(status: .notFound, chrome: chrome)
        case .invalid(let errors):
            render(status: .unprocessableContent, chrome: chrome, message: errors.map(\.message).joined(separator: "; "))
        case .conflict(let message): render(status: .conflict, chrome: chrome, message: message)
        case .throttled(let seconds):
            retryingAfter(seconds, render(status: .tooManyRequests, chrome: chrome, message: "Слишком много попыток. Повторите через \(seconds) с."))
        case .busy(let seconds):
            retryingAfter(seconds, render(status: .serviceUnavailable, chrome: chrome, message: busyMessage))
        }
    }

    static let busyMessage = "Сервер занят, повторите вход через несколько секунд."

    static func retryingAfter(_ seconds: Int, _ response: HTTPResponse) -> HTTPResponse {
        var response = response
        response.headers.set("Retry-After", String(seconds))
        return response
    }

    static func render(status: HTTPStatus, chrome: Chrome, message: String? = nil) -> HTTPResponse {
        let (heading, text) = wording(status)
        var chrome = chrome
        chrome.title = heading
        let page = ErrorPage(chrome: chrome, code: status.code, heading: heading, message: message ?? text,
                             showLoginLink: chrome.user == nil && (status.code == 403 || status.code == 404))
        return Responses.html(Templates.errorPage(page), status: status)
    }

    /// 503 when the database cannot take the change (disk full, read-only file, storage error, lock held too long):
    /// the change was not saved (a transaction is all or nothing), reading still works, the user may retry later.
    static func storageUnavailable(_ request: HTTPRequest, chrome: Chrome) -> HTTPResponse {
        let isChange = request.method != .get && request.method != .head
        var chrome = chrome
        let heading = isChange ? "Изменения не сохранены" : "Сервис временно недоступен"
        chrome.title = heading
        let message = isChange
            ? "Сервис временно не может сохранять изменения: хранилище данных недоступно для записи. Ничего из отправленного "
              + "не сохранено и ничего не записано наполовину. Просмотр данных работает. Вернитесь назад — введённые данные "
              + "останутся в форме — и отправьте её ещё раз через несколько минут. Если ошибка повторяется, сообщите администратору."
            : "Сервис временно не может сохранять изменения: хранилище данных недоступно. Повторите попытку через несколько минут. "
              + "Если ошибка повторяется, сообщите администратору."
        let page = ErrorPage(chrome: chrome, code: 503, heading: heading, message: message, showLoginLink: false,
                             backLink: isChange ? sameSiteReferer(request) : nil)
        var response = Responses.html(Templates.errorPage(page), status: .serviceUnavailable)
        response.headers.add("Retry-After", "60")
        return response
    }

    /// The path (and query) of the Referer when it is a page of this site, else nil: never a link elsewhere.
    static func sameSiteReferer(_ request: HTTPRequest) -> String? {
        guard let referer = request.headers["Referer"], let host = request.headers["Host"], !host.isEmpty else { return nil }
        for scheme in ["http://", "https://"] where referer.hasPrefix(scheme + host + "/") {
            let path = String(referer.dropFirst(scheme.count + host.count))
            guard !path.hasPrefix("//"), !path.contains("\\"), path.utf8.count <= 2048,
                  path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else { return nil }
            return path
        }
        return nil
    }

    static func wording(_ status: HTTPStatus) -> (String, String) {
        switch status.code {
        case 400: ("Ошибка в запросе", "Сервер не смог разобрать запрос. Проверьте адрес или обновите страницу.")
        case 403: ("Нет доступа", "У вас нет прав на эту страницу. Если доступ нужен для работы, обратитесь к муниципальному координатору.")
        case 404: ("Страница не найдена", "Проверьте адрес. Если вы перешли по ссылке, возможно, запись удалена или перенесена в архив.")
        case 405: ("Метод не поддерживается", "Эта страница не принимает такой запрос.")
        case 408: ("Время ожидания истекло", "Запрос шёл слишком долго. Попробуйте ещё раз.")
        case 409: ("Конфликт", "Действие не выполнено: данные изменились.")
        case 413: ("Слишком большой запрос", "Файл или форма больше допустимого размера (форма — 1 МБ, файл — 25 МБ).")
        case 414: ("Слишком длинный адрес", "Адрес страницы слишком длинный.")
        case 422: ("Данные не приняты", "Проверьте введённые данные.")
        case 429: ("Слишком много попыток", "Подождите немного и попробуйте снова.")
        case 431: ("Слишком большие заголовки", "Запрос содержит слишком большие заголовки. Очистите cookies этого сайта.")
        case 501: ("Не поддерживается", "Сервер не поддерживает такой запрос.")
        case 503: ("Сервис перегружен", "Сервер сейчас перегружен. Повторите попытку через минуту.")
        case 505: ("Версия HTTP не поддерживается", "Используйте HTTP/1.1.")
        default: ("Внутренняя ошибка", "Что-то пошло не так. Мы записали ошибку; попробуйте ещё раз позже.")
        }
    }
}
