import Foundation
import KelvinCore
import Testing

@testable import KelvinSampling

/// The certified nucleus search, apart from top_p's own tests (TopPTests).
@Suite("nucleus search")
struct NucleusSearchTests {
  /// The search over a whole set of logits, as top_p runs it without a superset.
  static func search(_ logits: [Float], p: Double) -> NucleusSearch.Outcome {
    let maximum = logits.max() ?? 0
    var weights = [Float](repeating: 0, count: logits.count)
    logits.withUnsafeBufferPointer { values in
      weights.withUnsafeMutableBufferPointer { terms in
        _ = FloatVectorKernels.exponentialSum(values, into: terms, shift: maximum)
      }
    }
    let ids = (0..<logits.count).map { Int32($0) }
    var scratch = NucleusScratch()
    return ids.withUnsafeBufferPointer { ids in
      logits.withUnsafeBufferPointer { values in
        weights.withUnsafeBufferPointer { terms in
          NucleusSearch.search(
            mass: p, maximum: maximum,
            NucleusCandidates(weights: terms, tokens: ids, logits: values), rest: 0,
            restCount: 0, scratch: &scratch)
        }
      }
    }
  }

  @Test("a cut with a comfortable margin is decided in Float: the boundary and its count")
  func certified() {
    // Probabilities 0.5, 0.3, 0.15, 0.05; p = 0.7 crosses at token 1 with a margin of 0.1.
    let logits = logits(probabilities: fourProbabilities)
    #expect(
      Self.search(logits, p: 0.7)
        == .boundary(NucleusBoundary(logit: logits[1], token: 1), bucket: nil, kept: 2))
  }

  @Test("a cut at an exact tie of mass is uncertain in Float and decided exactly in Double")
  func exactTie() {
    // Four equal tokens at p = 0.5: the removed half equals (1 − p)·Σ exactly, a margin of 0.
    let four: [Float] = [1, 1, 1, 1]
    #expect(Self.search(four, p: 0.5) == .uncertain)
    var scratch = NucleusScratch()
    let ids: [Int32] = [0, 1, 2, 3]
    let (boundary, kept) = ids.withUnsafeBufferPointer { ids in
      four.withUnsafeBufferPointer {
        NucleusSearch.exactBoundary(mass: 0.5, ids: ids, logits: $0, scratch: &scratch)
      }
    }
    #expect(boundary == NucleusBoundary(logit: 1, token: 1))
    #expect(kept == 2)
  }

  @Test("the boundary keeps higher logits and, among equal ones, the lower ids")
  func boundaryRule() {
    let boundary = NucleusBoundary(logit: 2, token: 5)
    #expect(boundary.keeps(token: 9, logit: 3))
    #expect(boundary.keeps(token: 5, logit: 2))
    #expect(boundary.keeps(token: 4, logit: 2))
    #expect(!boundary.keeps(token: 6, logit: 2))
    #expect(!boundary.keeps(token: 0, logit: 1.5))
  }

  @Test(
    "the weight histogram's buckets are monotone in the weight; normal ones grow by 9/8 at most")
  func buckets() {
    var previous = NucleusSearch.bucket(of: Float.leastNormalMagnitude)
    var weight = Float.leastNormalMagnitude
    while weight < 1 {
      let next = weight * 1.01
      let bucket = NucleusSearch.bucket(of: next)
      #expect(bucket >= previous)
      previous = bucket
      weight = next
    }
    // Bucket 8 is the first of normal weights (exponent field 1); within an octave the eight
    // bounds are 1, 9/8, …, 15/8 times its start, so consecutive ones differ by 9/8 at most.
    for bucket in 8..<2039 {
      let ratio =
        NucleusSearch.lowestWeight(in: bucket + 1) / NucleusSearch.lowestWeight(in: bucket)
      #expect(ratio <= 1.125)
    }
  }
}
