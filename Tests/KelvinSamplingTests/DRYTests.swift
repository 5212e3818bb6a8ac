import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `dry`: hand-worked cases and its definition.
@Suite("dry")
struct DRYTests {
  @Test("DRY penalises tokens that would extend a repetition (llama.cpp's worked example)")
  func dry() throws {
    // History a b c c b c y a b c (a=0 b=1 c=2 y=3). The run ending at the newest token
    // (a b c) also ends at position 2 (length 3) and at position 5 (b c, length 2): emitting c
    // (which followed position 2) would extend a 3-run, y (after position 5) a 2-run.
    // Penalties with multiplier 0.8, base 1.75, allowed length 2: c: 0.8·1.75¹ = 1.4; y: 0.8.
    let history = [0, 1, 2, 2, 1, 2, 3, 0, 1, 2]
    let dry = try DRY(multiplier: 0.8, base: 1.75, allowedLength: 2, lastN: -1)
    let result = try survivors(dry, [0, 0, 0, 0], history: history).map(\.logit)
    #expect(result[0] == 0 && result[1] == 0)
    #expect(abs(result[2] - -1.4) < 1e-6 && abs(result[3] - -0.8) < 1e-6)
    // y as a single-token breaker is never penalised; the most recent y limits runs to 3.
    let breakY = try DRY(multiplier: 0.8, base: 1.75, allowedLength: 2, breakers: [[3]])
    let withBreaker = try survivors(breakY, [0, 0, 0, 0], history: history).map(\.logit)
    #expect(abs(withBreaker[2] - -1.4) < 1e-6 && withBreaker[3] == 0)
    // b as a breaker one token back limits every run to 1 < allowed length: no penalty.
    let breakB = try DRY(multiplier: 0.8, base: 1.75, allowedLength: 2, breakers: [[1]])
    #expect(try survivors(breakB, [0, 0, 0, 0], history: history).map(\.logit) == [0, 0, 0, 0])
    // A two-token breaker "c y" (2:3) seen 4 tokens back caps runs at 4 − 1 = 3: unchanged.
    let pair = try DRY(multiplier: 0.8, base: 1.75, allowedLength: 2, breakers: [[2, 3]])
    #expect(abs(try survivors(pair, [0, 0, 0, 0], history: history)[2].logit - -1.4) < 1e-6)
    // multiplier 0 disables.
    let off = try DRY(multiplier: 0)
    #expect(try survivors(off, [0, 0, 0, 0], history: history).map(\.logit) == [0, 0, 0, 0])
  }
}
