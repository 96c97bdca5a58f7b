"""A person on a 360-pixel-wide phone: fills the form, is refused, fixes it, confirms a jump, sees
the confirmation; the keyboard alone reaches every field and the button, in order."""

from __future__ import annotations

from pathlib import Path

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from tests.web.browser import chromium, requires_chromium
from tests.web.served import Served

pytestmark = requires_chromium

FIELDS = ["account", "surname", "total", "day", "night", "peak", "half_peak", "same_as_before"]


def _tab_order(browser: WebDriver) -> list[str]:
    """The ids (or tag names) focused by pressing Tab from the top of the page until the button."""
    browser.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    reached: list[str] = []
    for _ in range(30):
        focused = browser.switch_to.active_element
        reached.append(focused.get_attribute("id") or focused.tag_name)
        if focused.tag_name == "button":
            return reached
        focused.send_keys(Keys.TAB)
    return reached


def _type(browser: WebDriver, **fields: str) -> None:
    for name, text in fields.items():
        field = browser.find_element(By.ID, name)
        field.clear()
        field.send_keys(text)


def _submit(browser: WebDriver, element: WebElement, key: str) -> None:
    """Press `key` on `element` to send the form, and wait until the answer's page has loaded.

    The key goes to the focused element as keyboard input, not to the element by its node id:
    the page it starts to load replaces that node while chromedriver still refers to it.
    """
    browser.execute_script("arguments[0].focus(); window.answerPending = true", element)
    ActionChains(browser).send_keys(key).perform()
    WebDriverWait(browser, 10, ignored_exceptions=(WebDriverException,)).until(_answer_loaded)


def _answer_loaded(browser: WebDriver) -> bool:
    return bool(browser.execute_script("return !window.answerPending && document.readyState === 'complete'"))


def _described(browser: WebDriver, name: str) -> str:
    ids = (browser.find_element(By.ID, name).get_attribute("aria-describedby") or "").split()
    return " ".join(browser.find_element(By.ID, id_).text for id_ in ids)


def test_a_phone_user_is_refused_fixes_it_confirms_a_jump_and_sees_the_confirmation(
    served_form: Served, tmp_path: Path
) -> None:
    with chromium(360) as browser:
        browser.get(f"{served_form.url}/form")
        assert browser.title.startswith("Передати показники лічильника")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 360
        assert float(browser.find_element(By.ID, "account").value_of_css_property("font-size")[:-2]) >= 16
        browser.save_screenshot(str(tmp_path / "form-360.png"))
        assert [name for name in _tab_order(browser) if name != "a"] == [*FIELDS, "button"]

        _type(browser, account="7654321", surname="Коваленко", total="10950")
        _submit(browser, browser.find_element(By.TAG_NAME, "button"), Keys.ENTER)
        needed = "Лічильник рахунку …4321 має дві зони — частини доби з різними тарифами: день і ніч."
        assert f"{needed} Заповніть поля «День» і «Ніч»." in _described(browser, "day")
        assert browser.find_element(By.ID, "total").get_attribute("value") == "10950"
        assert browser.find_element(By.ID, "night").get_attribute("aria-invalid") == "true"
        browser.save_screenshot(str(tmp_path / "refused-360.png"))

        _type(browser, total="", day="99000", night="2900")
        _submit(browser, browser.find_element(By.ID, "night"), Keys.ENTER)
        assert "значно більше за звичайне" in _described(browser, "confirm")
        assert [name for name in _tab_order(browser) if name != "a"] == [*FIELDS, "confirm", "button"]
        browser.find_element(By.ID, "confirm").send_keys(Keys.SPACE)
        _submit(browser, browser.find_element(By.TAG_NAME, "button"), Keys.SPACE)

        assert browser.find_element(By.TAG_NAME, "h1").text == "Показники прийнято"
        summary = browser.find_element(By.CSS_SELECTOR, "dl.summary").text
        assert "…4321" in summary and "99000 кВт·год" in summary and "2900 кВт·год" in summary
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 360
        browser.save_screenshot(str(tmp_path / "done-360.png"))
