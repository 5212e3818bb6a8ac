import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `penalties`: hand-worked cases and its definition.
@Suite("penalties")
struct PenaltiesTests {
  @Test("penalties: divide positive, multiply non-positive, subtract count·f + presence")
  func penalties() throws {
    // History [0, 1, 0]: token 0 twice, token 1 once. repeat 2, frequency 0.5, presence 0.1.
    // token 0: 2 / 2 − (2·0.5 + 0.1) = −0.1; token 1: −1 · 2 − (0.5 + 0.1) = −2.6.
    let penalties = try Penalties(lastN: 64, repeat: 2, frequency: 0.5, presence: 0.1)
    let result = try survivors(penalties, [2, -1, 0.5, 3], history: [0, 1, 0]).map(\.logit)
    #expect(abs(result[0] - -0.1) < 1e-6 && abs(result[1] - -2.6) < 1e-6)
    #expect(result[2] == 0.5 && result[3] == 3)
    // last_n = 2 keeps [1, 0]: token 0 once: 1 − 0.6 = 0.4.
    let short = try Penalties(lastN: 2, repeat: 2, frequency: 0.5, presence: 0.1)
    #expect(abs(try survivors(short, [2, -1, 0.5, 3], history: [0, 1, 0])[0].logit - 0.4) < 1e-6)
    // last_n = 0 disables.
    let off = try Penalties(lastN: 0, repeat: 2)
    #expect(try survivors(off, [2, -1], history: [0, 1]).map(\.logit) == [2, -1])
  }

  @Test("penalties' prompt policy: counted or ignored")
  func promptPolicy() throws {
    var counted = try Penalties(lastN: 10, presence: 1, prompt: .counted)
    var ignored = try Penalties(lastN: 10, presence: 1, prompt: .ignored)
    counted.acceptPrompt(0)
    ignored.acceptPrompt(0)
    #expect(try survivors(counted, [1, 1]).map(\.logit) == [0, 1])
    #expect(try survivors(ignored, [1, 1]).map(\.logit) == [1, 1])
  }
}
