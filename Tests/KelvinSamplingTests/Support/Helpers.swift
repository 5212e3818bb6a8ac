import Foundation
import KelvinCore
import KelvinSampling

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
