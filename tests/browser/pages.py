"""What the browser tests do and check, in the words of the tests."""

from dataclasses import dataclass

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from app.demo import DEMO_PASSWORD

NAVIGATION_TIMEOUT = 15  # seconds; generous, the CI machine is shared

# Images that failed to load, and stylesheets whose rules the browser refused.
BROKEN_RESOURCES = """
return {
  images: [...document.images]
    .filter(img => !img.complete || img.naturalWidth === 0)
    .map(img => img.src),
  stylesheets: [...document.styleSheets]
    .filter(sheet => {
      try { return sheet.cssRules.length === 0 } catch (e) { return true }
    })
    .map(sheet => sheet.href),
};
"""


def _arrived(driver: webdriver.Chrome) -> bool:
    return driver.execute_script(
        "return !window.beaconLeaving && document.readyState === 'complete'"
    )


@dataclass
class Browser:
    driver: webdriver.Chrome
    base_url: str

    def open(self, path: str) -> None:
        self.driver.get(self.base_url + path)

    @property
    def path(self) -> str:
        return self.driver.current_url.removeprefix(self.base_url)

    @property
    def text(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "body").text

    def console_problems(self) -> list[str]:
        """Console errors and warnings since the last call, CSP violations included."""
        entries = self.driver.get_log("browser")
        return [e["message"] for e in entries if e["level"] in {"SEVERE", "WARNING"}]

    def broken_resources(self) -> dict[str, list[str]]:
        return self.driver.execute_script(BROKEN_RESOURCES)

    def fill(self, name: str, value: str) -> None:
        field = self.driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)

    def choose(self, name: str, value: str) -> None:
        Select(self.driver.find_element(By.NAME, name)).select_by_value(value)

    def press(self, label: str) -> None:
        """Click the submit button labelled ``label`` and wait for the next page."""
        xpath = (
            f"//input[@type='submit' and @value='{label}']"
            f" | //button[normalize-space()='{label}']"
        )
        self.driver.execute_script("window.beaconLeaving = true")
        self.driver.find_element(By.XPATH, xpath).click()
        # click() returns once the form is sent: wait for the answer to replace
        # the page, or the next step races the navigation (and its cookie). A
        # new document brings a new window object, without the mark. Chromium
        # may answer a query mid-navigation with an inspector error rather than
        # a stale element, so every WebDriver error means "not yet".
        WebDriverWait(
            self.driver, NAVIGATION_TIMEOUT, ignored_exceptions=(WebDriverException,)
        ).until(_arrived)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> None:
        self.open("/admin/login")
        self.fill("email", email)
        self.fill("password", password)
        self.press("Sign in")
