import KelvinCore
import KelvinText
import Testing

@Suite("printable text")
struct PrintableTextTests {
  @Test(
    "control characters become visible escapes; everything else is kept",
    arguments: [
      ("plain ünïcode τ 😀", "plain ünïcode τ 😀"), ("\u{1B}[2J", "\\x1b[2J"), ("a\nb", "a\\nb"),
      ("tab\there", "tab\\there"), ("\r", "\\r"), ("\u{7F}", "\\x7f"), ("\u{9B}31m", "\\u{9b}31m"),
      ("\u{0}", "\\x00"), ("back\\slash", "back\\slash"),
    ])
  func line(text: String, printed: String) {
    #expect(PrintableText.line(text) == printed)
  }

  @Test("text for the terminal keeps newlines and tabs")
  func layout() {
    #expect(PrintableText.text("a\n\tb\u{1B}c") == "a\n\tb\\x1bc")
  }
}
