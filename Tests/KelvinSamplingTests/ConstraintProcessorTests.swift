import Foundation
import KelvinCore
import Testing

@testable import KelvinSampling

/// A constraint that allows a fixed set, and records the generated tokens it was taught.
struct FixedConstraint: TokenConstraint {
  let allowed: Set<Int>
  let vocabularySize: Int
  var taught: [Int] = []
  var name: String { "fixed" }
  var allowedTokens: TokenMask {
    var mask = TokenMask(vocabularySize: vocabularySize)
    for token in allowed { mask.insert(token) }
    return mask
  }
  var isComplete: Bool { true }
  mutating func accept(_ token: Int) { taught.append(token) }
  mutating func reset() { taught = [] }
}

/// Where the mask stands changes the distribution.
///
/// Before top-p the nucleus is taken over the allowed tokens' renormalised probabilities, after it the nucleus of the full distribution
/// is intersected with them (and may leave nothing, which is an error). Expected values are
/// computed here from those definitions, in Double.
@Suite("constraint item")
struct ConstraintProcessorTests {
  static let logits: [Float] = [3, 2.5, 2, 1, 0.5, 0]

  /// softmax over `tokens`, then the smallest top set with mass ≥ p, renormalised.
  static func nucleus(_ tokens: [Int], p: Double) -> [Int: Double] {
    let weights = tokens.map { exp(Double(logits[$0])) }
    let total = weights.reduce(0, +)
    let ranked = zip(tokens, weights.map { $0 / total }).sorted { $0.1 > $1.1 }
    var kept: [(Int, Double)] = []
    var mass = 0.0
    for entry in ranked where mass < p {
      kept.append(entry)
      mass += entry.1
    }
    return Dictionary(uniqueKeysWithValues: kept.map { ($0.0, $0.1 / mass) })
  }

  static func distribution(_ specification: String, allowed: Set<Int>) throws -> [Int: Double] {
    var chain = try SamplerChain(specification: specification)
    chain.bind(FixedConstraint(allowed: allowed, vocabularySize: logits.count))
    let set = try logits.withUnsafeBufferPointer { try chain.process($0) }
    return Dictionary(
      uniqueKeysWithValues: zip(set.candidateTokens.map(Int.init), set.probabilities()))
  }

  static func same(_ a: [Int: Double], _ b: [Int: Double]) -> Bool {
    a.keys.sorted() == b.keys.sorted()
      && a.allSatisfy { abs($0.value - (b[$0.key] ?? .nan)) < 1e-6 }
  }

  @Test("mask before top-p: the nucleus of the allowed tokens' renormalised distribution")
  func maskFirst() throws {
    let allowed: Set<Int> = [1, 3, 4, 5]
    let expected = Self.nucleus(allowed.sorted(), p: 0.8)
    #expect(expected.count == 2)  // token 1 alone holds 0.694 of the allowed mass
    #expect(Self.same(try Self.distribution("constraint;top_p=0.8", allowed: allowed), expected))
  }

  @Test("mask after top-p: the full nucleus intersected with the allowed tokens")
  func maskAfter() throws {
    let allowed: Set<Int> = [1, 3, 4, 5]
    let full = Self.nucleus(Array(0..<6), p: 0.8)
    let kept = full.keys.filter(allowed.contains)
    let total = kept.map { exp(Double(Self.logits[$0])) }.reduce(0, +)
    let expected = Dictionary(
      uniqueKeysWithValues: kept.map { ($0, exp(Double(Self.logits[$0])) / total) })
    #expect(expected.count == 1)  // only token 1 of the allowed tokens is in the nucleus
    #expect(Self.same(try Self.distribution("top_p=0.8;constraint", allowed: allowed), expected))
    // Unbound, the item takes its place first.
    var unbound = try SamplerChain(specification: "top_p=0.8")
    unbound.bind(FixedConstraint(allowed: allowed, vocabularySize: 6))
    #expect(unbound.processors.first is ConstraintProcessor)
  }

  @Test("a mask that meets no candidate is an error naming the constraint and the step")
  func emptyMask() throws {
    var chain = try SamplerChain(specification: "top_p=0.5;constraint")
    chain.bind(FixedConstraint(allowed: [4, 5], vocabularySize: 6))
    chain.accept(4)
    chain.accept(5)
    #expect(throws: SamplingError.emptyConstraint(constraint: "fixed", step: 2)) {
      try Self.logits.withUnsafeBufferPointer { try chain.process($0) }
    }
    var none = try SamplerChain(specification: "constraint")
    none.bind(FixedConstraint(allowed: [], vocabularySize: 6))
    #expect(throws: SamplingError.emptyConstraint(constraint: "fixed", step: 0)) {
      try Self.logits.withUnsafeBufferPointer { try none.sample($0) }
    }
    var unbound = try SamplerChain(specification: "constraint")
    #expect(throws: SamplingError.unboundConstraint) {
      try Self.logits.withUnsafeBufferPointer { try unbound.process($0) }
    }
    var wrongSize = try SamplerChain(specification: "constraint")
    wrongSize.bind(FixedConstraint(allowed: [1], vocabularySize: 7))
    #expect(throws: SamplingError.self) {
      try Self.logits.withUnsafeBufferPointer { try wrongSize.process($0) }
    }
  }

  @Test("prompt tokens do not reach the constraint; generated ones do; reset forgets")
  func teaching() throws {
    var item = ConstraintProcessor(FixedConstraint(allowed: [1], vocabularySize: 6))
    item.acceptPrompt(3)
    item.accept(1)
    #expect((item.constraint as? FixedConstraint)?.taught == [1] && item.step == 1)
    item.reset()
    #expect((item.constraint as? FixedConstraint)?.taught == [] && item.step == 0)
  }

  @Test(
    "temperature 0 is a truncation: before the mask it can leave nothing, after it keeps the best allowed"
  )
  func greedyOrder() throws {
    let allowed: Set<Int> = [2, 4]
    #expect(Set(try Self.distribution("constraint;temperature=0", allowed: allowed).keys) == [2])
    #expect(throws: SamplingError.emptyConstraint(constraint: "fixed", step: 0)) {
      try Self.distribution("temperature=0;constraint", allowed: allowed)
    }
    // A positive temperature commutes with the mask.
    let before = try Self.distribution("constraint;temperature=0.5", allowed: allowed)
    let after = try Self.distribution("temperature=0.5;constraint", allowed: allowed)
    #expect(Self.same(before, after))
  }
}
