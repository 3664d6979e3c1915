"""Issue 14, digest settings: a director changes their e-mail address and mail preference on their own account
page; a wrong address is refused next to the field and changes nothing; the saved choice is shown again after
logging out and in."""
from selenium.webdriver.common.by import By

from run import (PASSWORD, check, db_rows, find, login, logout, open_path, submit_form, visible_error_summary,
                 wait_path)


def mail_form(driver):
    return find(driver, "form[action$='/mail']", "the mail settings form")


def journey_mail_digest_settings(driver, server):
    user_id, email = db_rows(server, "SELECT id, email FROM user WHERE login = 'director-ku'")[0]
    check(email == "director-ku@opora.example", f"the demo director's address is {email!r}")
    login(driver, server.base, "director-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as director-ku")
    find(driver, "#current-user", "the account link in the header").click()
    wait_path(driver, r"^/account$", "the own account page")
    check(find(driver, "#mailPreference-digest", "the digest choice").is_selected(), "the daily digest is not the default")

    form = mail_form(driver)
    field = form.find_element(By.ID, "email")
    field.clear()
    field.send_keys("ivanova@school")  # the browser takes it; the server wants a dotted domain
    form.find_element(By.ID, "mailPreference-immediate").click()
    submit_form(driver, form, "the mail settings form with a wrong address")
    check("Адрес почты указан неверно" in " ".join(visible_error_summary(driver)), f"no error for a wrong address: {visible_error_summary(driver)!r}")
    check(db_rows(server, "SELECT email, mailPreference FROM user WHERE id = ?", (user_id,))[0] == ("director-ku@opora.example", "digest"),
          "a refused form changed the account")

    form = mail_form(driver)
    field = form.find_element(By.ID, "email")
    field.clear()
    field.send_keys("ivanova@school.example")
    form.find_element(By.ID, "mailPreference-immediate").click()
    submit_form(driver, form, "the mail settings form")
    check(not visible_error_summary(driver), f"saving failed: {visible_error_summary(driver)}")
    wait_path(driver, r"^/account$", "the account page after saving")
    check("Изменения сохранены" in driver.page_source, "no notice after saving")

    logout(driver, server.base)
    login(driver, server.base, "director-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in again")
    open_path(driver, server, "/account", r"^/account$", "the own account page again")
    check(find(driver, "#email", "the address field").get_attribute("value") == "ivanova@school.example", "the address was not kept")
    check(find(driver, "#mailPreference-immediate", "the immediate choice").is_selected(), "the preference was not kept")
    check(db_rows(server, "SELECT email, mailPreference FROM user WHERE id = ?", (user_id,))[0] == ("ivanova@school.example", "immediate"),
          "the database does not hold the new settings")
    logout(driver, server.base)


JOURNEYS = [journey_mail_digest_settings]
