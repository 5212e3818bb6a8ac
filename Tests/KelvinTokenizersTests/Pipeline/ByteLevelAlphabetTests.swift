import Testing

@testable import KelvinTokenizers

/// GPT-2's `bytes_to_unicode` (OpenAI's encoder.py): a bijection, printable bytes fixed, the
/// other 68 from U+0100 in byte order.
@Suite struct ByteLevelAlphabetTests {
  @Test func isABijectionWithTheKnownPlaces() {
    #expect(Set(ByteLevelAlphabet.scalars).count == 256)
    for byte in 0..<256 {
      #expect(ByteLevelAlphabet.byte(of: ByteLevelAlphabet.scalars[byte]) == UInt8(byte))
    }
    #expect(ByteLevelAlphabet.byte(of: 0x21) == 0x21 && ByteLevelAlphabet.byte(of: 0x7E) == 0x7E)
    #expect(ByteLevelAlphabet.byte(of: 0x100) == 0x00 && ByteLevelAlphabet.byte(of: 0x120) == 0x20)
    #expect(ByteLevelAlphabet.byte(of: 0x10A) == 0x0A && ByteLevelAlphabet.byte(of: 0x121) == 0x7F)
    #expect(ByteLevelAlphabet.byte(of: 0x143) == 0xAD && ByteLevelAlphabet.byte(of: 0xC3) == 0xC3)
    #expect(ByteLevelAlphabet.byte(of: 0x20) == nil && ByteLevelAlphabet.byte(of: 0x144) == nil)
  }
}
