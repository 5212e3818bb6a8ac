import Foundation
import KelvinCore

@testable import KelvinSampling

/// Logits whose softmax is exactly `probabilities` (up to rounding): z = ln p.
func logits(probabilities: [Double]) -> [Float] { probabilities.map { Float(Foundation.log($0)) } }

/// Runs one processor on `logits` after teaching it `history`; returns the survivors as
/// (token, logit) pairs in ascending token order.
func survivors(
  _ processor: some LogitsProcessor, _ logits: [Float], history: [Int] = [], seed: UInt64 = 0
) throws -> [(token: Int, logit: Float)] {
  var processor = processor
  for token in history { processor.accept(token) }
  var candidates = CandidateSet(logits: logits)
  candidates.removeMasked()
  var context = SamplingContext(
    random: SamplingStream.generator(seed: seed, sequence: 0, step: 0),
    vocabularySize: logits.count)
  try processor.process(&candidates, context: &context)
  candidates.sortByToken()
  return zip(candidates.candidateTokens, candidates.candidateLogits).map { (Int($0), $1) }
}

/// The surviving token ids.
func tokens(_ processor: some LogitsProcessor, _ logits: [Float], history: [Int] = []) throws
  -> [Int]
{
  try survivors(processor, logits, history: history).map(\.token)
}

/// The probabilities [0.5, 0.3, 0.15, 0.05] used by many hand-worked cases.
let fourProbabilities = [0.5, 0.3, 0.15, 0.05]

/// top_p's nucleus by definition, in `Double`, independently of Kelvin's code.
///
/// The exact terms exp(l − max) of `logits` (masked ones left out), by logit descending with ties by
/// lower id, accumulated (compensated) until they reach p · Σ, at least `minimumKeep`; the
/// token ids, ascending. The comparison `cumulative − p · Σ ≥ 0` is one fused multiply-add, so
/// that p is the binary number it is (0.9 is 0.900000000000000022…): ten equal tokens at
/// p = 0.9 keep all ten, p = 0.5 keeps exactly half of an even number of equal tokens.
func referenceNucleus(_ logits: [Float], p: Double, minimumKeep: Int = 1) -> [Int] {
  let entries = logits.indices.filter { logits[$0] > -.infinity }.sorted {
    logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1)
  }
  guard let first = entries.first else { return [] }
  let maximum = Double(logits[first])
  let terms = entries.map { Foundation.exp(Double(logits[$0]) - maximum) }
  struct Sum {
    var sum = 0.0
    var compensation = 0.0
    mutating func add(_ value: Double) {
      let total = sum + value
      compensation += abs(sum) >= abs(value) ? (sum - total) + value : (value - total) + sum
      sum = total
    }
    var value: Double { sum + compensation }
  }
  var total = Sum()
  for term in terms { total.add(term) }
  var kept = entries.count
  var cumulative = Sum()
  for index in entries.indices {
    cumulative.add(terms[index])
    if cumulative.value.addingProduct(-p, total.value) >= 0 {
      kept = index + 1
      break
    }
  }
  return entries.prefix(max(kept, minimumKeep)).sorted()
}

/// A chain that runs every processor on the loaded set, without the fused first passes.
func unfusedChain(_ specification: String, seed: UInt64 = 0) throws -> SamplerChain {
  var chain = try SamplerChain(specification: specification, seed: seed)
  chain.fusesFirstPasses = false
  return chain
}
