import Foundation
import KelvinCore
import Testing

@testable import KelvinSampling

/// `top_p`: hand-worked cases and its definition.
///
/// Probabilities [0.5, 0.3, 0.15, 0.05] come from logits ln p, so every threshold below is
/// compared against those numbers.
@Suite("top_p")
struct TopPTests {
  let z = logits(probabilities: fourProbabilities)

  @Test("top_p keeps the smallest top set reaching p, the crossing token included")
  func topP() throws {
    // Cumulative: 0.5, 0.8, 0.95, 1.
    #expect(try tokens(TopP(0.75), z) == [0, 1])
    #expect(try tokens(TopP(0.85), z) == [0, 1, 2])
    #expect(try tokens(TopP(0.5 - 1e-9), z) == [0])
    #expect(try tokens(TopP(1), z) == [0, 1, 2, 3])
    #expect(try tokens(TopP(0), z) == [0])
    #expect(try tokens(TopP(0.4, minimumKeep: 3), z) == [0, 1, 2])
  }

  /// N(0, σ²) logits from Kelvin's seeded generator, optionally rounded to bfloat16 (the
  /// precision real models emit, with many exact ties).
  static func gaussian(count: Int, sigma: Double, seed: UInt64, bfloat16: Bool = false) -> [Float] {
    var generator = Xoshiro256StarStar(seed: seed)
    return (0..<count).map { _ in
      let value = Float(sigma * generator.nextStandardNormal())
      // bfloat16: the top 16 bits of the float, rounded to nearest even.
      guard bfloat16 else { return value }
      let bits = value.bitPattern
      let rounded = (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000
      return Float(bitPattern: rounded)
    }
  }

  /// The survivors of `top_p(p, min_keep)` over `logits` three ways: the chain (fused front),
  /// the chain with fusion off, and the processor on a loaded set.
  static func nuclei(_ logits: [Float], p: Double, minimumKeep: Int = 1) throws -> [[Int]] {
    let specification = "top_p(p=\(p),min_keep=\(minimumKeep))"
    var fused = try SamplerChain(specification: specification)
    var unfused = try unfusedChain(specification)
    let a = try logits.withUnsafeBufferPointer { try fused.process($0) }
    let b = try logits.withUnsafeBufferPointer { try unfused.process($0) }
    return [
      a.candidateTokens.map(Int.init).sorted(), b.candidateTokens.map(Int.init).sorted(),
      try tokens(TopP(p, minimumKeep: minimumKeep), logits),
    ]
  }

  @Test(
    "p close to 1 keeps exactly the Double reference's nucleus at V = 32,000 on every path",
    arguments: [0.99999, 0.999999, 1 - 1e-7])
  func nearOne(p: Double) throws {
    // Before the cut was summed from the bottom, 26 of 45 such cases kept 1 to 128 tokens
    // too many or too few (V = 32,000, σ = 3: 30,651 kept where the nucleus has 30,670).
    for sigma in [1.0, 3] {
      for seed: UInt64 in 0..<3 {
        let logits = Self.gaussian(count: 32_000, sigma: sigma, seed: seed)
        let expected = referenceNucleus(logits, p: p)
        for (path, kept) in try Self.nuclei(logits, p: p).enumerated() {
          #expect(
            kept == expected,
            "σ \(sigma) seed \(seed) path \(path): \(kept.count) vs \(expected.count)")
        }
      }
    }
  }

  @Test(
    "bfloat16-rounded logits at V = 151,936: the reference nucleus, ties by lower id",
    arguments: [0.5, 0.9, 0.95, 0.999999])
  func bfloat16(p: Double) throws {
    let logits = Self.gaussian(count: 151_936, sigma: 2.5, seed: 11, bfloat16: true)
    let expected = referenceNucleus(logits, p: p)
    for (path, kept) in try Self.nuclei(logits, p: p).enumerated() {
      #expect(kept == expected, "path \(path): \(kept.count) vs \(expected.count)")
    }
  }

  @Test("p is the binary number it is: exact halves and quarters, and 0.9 above nine tenths")
  func representableEdges() throws {
    // Four equal tokens: 2/4 = 0.5 and 3/4 = 0.75 reach p exactly; ties keep the lower ids.
    let four: [Float] = [1, 1, 1, 1]
    #expect(try tokens(TopP(0.5), four) == [0, 1])
    #expect(try tokens(TopP(0.75), four) == [0, 1, 2])
    #expect(try tokens(TopP(0.25), four) == [0])
    #expect(try tokens(TopP(0.5), [0, 0]) == [0])
    // 0.9 is 0.9000000000000000222…: nine of ten equal tokens carry 0.9 exactly, less than
    // p, so all ten stay (transformers agrees; llama.cpp, summing floats, keeps nine).
    let ten = [Float](repeating: 2, count: 10)
    #expect(try tokens(TopP(0.9), ten) == Array(0..<10))
    // The same on every path at V = 5,000 equal tokens: 0.5 keeps exactly 2,500.
    let many = [Float](repeating: -3, count: 5000)
    for kept in try Self.nuclei(many, p: 0.5) { #expect(kept == Array(0..<2500)) }
  }

  @Test("min_keep fills from the top when the nucleus is smaller, on every path")
  func minimumKeepFills() throws {
    let logits = Self.gaussian(count: 40_000, sigma: 3, seed: 5)
    let order = logits.indices.sorted {
      logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1)
    }
    let nucleus = referenceNucleus(logits, p: 0.5)
    let minimumKeep = nucleus.count + 100
    for kept in try Self.nuclei(logits, p: 0.5, minimumKeep: minimumKeep) {
      #expect(kept == order.prefix(minimumKeep).sorted())
    }
    // A smaller min_keep changes nothing.
    for kept in try Self.nuclei(logits, p: 0.5, minimumKeep: 2) { #expect(kept == nucleus) }
  }
}
