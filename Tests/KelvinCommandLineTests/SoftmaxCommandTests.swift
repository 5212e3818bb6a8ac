import Foundation
import KelvinCommandLine
import Testing

@Suite("kelvin softmax")
struct SoftmaxCommandTests {
  @Test("logits 5 and 4 at τ = 1: probabilities e/(1+e) and 1/(1+e), with their logs")
  func fiveVersusFour() throws {
    let outcome = kelvin("softmax", "--logits", "5,4", "--format", "json")
    #expect(outcome.exitCode == .success)
    let json = try parseJSON(outcome.standardOutput)
    let e = M_E
    let p = numbers(json["probabilities"]).compactMap { $0 }
    #expect(relativeError(p[0], e / (1 + e)) < 1e-15 && relativeError(p[1], 1 / (1 + e)) < 1e-15)
    let logP = numbers(json["log_probabilities"]).compactMap { $0 }
    #expect(abs(logP[0] + Foundation.log(1 + 1 / e)) < 1e-15)
    #expect(abs(logP[1] + Foundation.log(1 + e)) < 1e-15)
    let entropy = -(p[0] * Foundation.log(p[0]) + p[1] * Foundation.log(p[1]))
    #expect(relativeError((json["entropy"] as? NSNumber)?.doubleValue ?? 0, entropy) < 1e-14)
    #expect(
      relativeError((json["perplexity"] as? NSNumber)?.doubleValue ?? 0, Foundation.exp(entropy))
        < 1e-14)
    #expect((json["temperature"] as? NSNumber)?.doubleValue == 1)
  }

  @Test("τ = inf is written as null and gives the uniform distribution over unmasked tokens")
  func infiniteTemperature() throws {
    let outcome = kelvin(
      "softmax", "--logits", "1,-inf,7,3", "--temperature", "inf", "--format", "json")
    let json = try parseJSON(outcome.standardOutput)
    #expect(json["temperature"] is NSNull)
    let third = 1.0 / 3
    #expect(numbers(json["probabilities"]) == [third, 0, third, third])
    #expect(numbers(json["log_probabilities"])[1] == nil)  // -inf → null
  }

  @Test("τ = 0 shares the mass among tied maxima; perplexity counts them")
  func zeroTemperatureTies() throws {
    let json = try parseJSON(
      kelvin("softmax", "--logits", "2,2,1", "--temperature", "0", "--format", "json")
        .standardOutput)
    #expect(numbers(json["probabilities"]) == [0.5, 0.5, 0])
    #expect(relativeError((json["perplexity"] as? NSNumber)?.doubleValue ?? 0, 2) < 1e-15)
  }

  @Test("the table lists every token and the entropy in nats and bits")
  func table() {
    let text = kelvin("softmax", "--logits", "0,0", "--temperature", "0.7").standardOutput
    #expect(text.contains("softmax(z / τ) at τ = 0.7, 2 tokens"))
    #expect(text.contains("0.500000"))
    // Two equal tokens: 1 bit = ln 2 nats.
    #expect(text.contains(String(format: "%.6f nats (1.000000 bits)", Foundation.log(2.0))))
    #expect(text.contains("2.000000"))
  }
}
