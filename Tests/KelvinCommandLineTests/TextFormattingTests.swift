import KelvinCommandLine
import Testing

@Suite("table formatting")
struct TextFormattingTests {
  @Test("bars are width · fraction characters, in eighths")
  func bars() {
    #expect(TextFormatting.bar(1, width: 4) == "████")
    #expect(TextFormatting.bar(0, width: 4) == "    ")
    // 0.5 of 4 characters = 16 eighths = 2 full blocks.
    #expect(TextFormatting.bar(0.5, width: 4) == "██  ")
    // 0.15625 of 4 characters = 5 eighths: one ▋.
    #expect(TextFormatting.bar(0.15625, width: 4) == "▋   ")
    #expect(TextFormatting.bar(.nan, width: 2) == "  ")
  }

  @Test("compact numbers switch to scientific notation below the shown precision")
  func compact() {
    #expect(TextFormatting.compact(0.5) == "0.500000")
    #expect(TextFormatting.compact(0) == "0")
    #expect(TextFormatting.compact(1.5e-9) == "1.5000e-09")
    #expect(TextFormatting.compact(-.infinity) == "-inf")
  }

  @Test("tables align columns: left-aligned first columns, right-aligned numbers")
  func table() {
    let text = TextFormatting.table([["a", "1"], ["bbb", "22"]])
    #expect(text == "  a     1\n  bbb  22\n")
  }
}
