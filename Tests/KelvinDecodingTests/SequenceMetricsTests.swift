import Foundation
import Testing

@testable import KelvinDecoding

@Suite("sequence metrics")
struct SequenceMetricsTests {
  @Test("windowed scoring equals full scoring for a model whose context fits half a window")
  func windowedEqualsFull() throws {
    // An order-3 model looks back two characters; windows of 8 give every token at least 4.
    var model = try BuiltInModel(order: 3)
    let tokens = try model.tokenizer.encode(
      "In the beginning God created the heaven and the earth. And the earth was without form.")
    let full = try logLikelihood(
      of: Array(tokens.dropFirst()), after: [tokens[0]], under: &model.model)
    for window in [8, 9, 16, 1_000] {
      let (windowed, scored) = try windowedLogLikelihood(
        of: tokens, under: &model.model, window: window)
      #expect(scored == tokens.count - 1)
      #expect(abs(windowed - full) <= 1e-9 * abs(full), "window \(window)")
    }
    #expect(try windowedLogLikelihood(of: [tokens[0]], under: &model.model, window: 8) == (0, 0))
  }

  @Test("perplexity is exp(−LL/n), and 1 for no tokens")
  func perplexityDefinition() {
    #expect(abs(perplexity(logLikelihood: -2 * log(5.0), count: 2) - 5) < 1e-14)
    #expect(perplexity(logLikelihood: 0, count: 0) == 1)
  }
}
