import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `logit_bias`: hand-worked cases and its definition.
@Suite("logit_bias")
struct LogitBiasTests {
  @Test("logit_bias adds; -inf bans; tokens outside the vocabulary are errors")
  func logitBias() throws {
    let bias = try LogitBias([1: 2.5, 2: -.infinity])
    let result = try survivors(bias, [0, 0, 0])
    #expect(result.map(\.token) == [0, 1] && result[1].logit == 2.5)
    #expect(
      throws: SamplingError.tokenOutOfRange(context: "logit_bias", token: 9, vocabularySize: 3)
    ) {
      try survivors(try LogitBias([9: 1]), [0, 0, 0])
    }
  }
}
