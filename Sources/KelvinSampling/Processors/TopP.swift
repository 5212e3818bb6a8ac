import KelvinCore
import KelvinText

/// `top_p(p)`: nucleus sampling.
///
/// As Holtzman and others (2020) define it: keeps the smallest set of highest-probability
/// tokens whose probabilities sum to at least `p`, the token that crosses `p` included, and at
/// least `min_keep`. Tokens of equal probability are taken in order of lower token id (a tie at
/// the boundary keeps the lower ids). `p = 1` changes nothing; `p = 0` keeps the `min_keep`
/// most likely tokens.
///
/// Exact: the set kept is the nucleus of the exact probabilities of the candidates' logits,
/// found by ``NucleusSearch`` (the removed tail summed from the bottom, every decision checked
/// against its error bound, a `Double` recomputation for the rare uncertain one). Survivors
/// keep their order, so a set that arrives in token order stays in token order and needs no
/// sort for the draw.
public struct TopP: LogitsProcessor {
  /// The probability mass to keep.
  public let p: Double
  /// The fewest tokens to keep.
  public let minimumKeep: Int

  /// Creates the processor.
  ///
  /// - Throws: ``SamplingError`` for `p` outside [0, 1] or `minimumKeep < 1`.
  public init(_ p: Double, minimumKeep: Int = Parameter.minimumKeep.defaultValue) throws {
    try Parameter.p.check(p)
    try Parameter.minimumKeep.check(minimumKeep)
    self.p = p
    self.minimumKeep = minimumKeep
  }

  /// `top_p(p=…,min_keep=…)`.
  public var specification: String { "top_p(p=\(Check.format(p)),min_keep=\(minimumKeep))" }

  /// `p = 1` keeps every token.
  public var isIdentity: Bool { p == 1 }

  /// Keeps the nucleus.
  ///
  /// - Complexity: O(n): the exponential terms (one vectorised pass), a selection of the tokens
  ///   above a tail bound (a superset of the nucleus, for more than 2,048 candidates), a
  ///   histogram of their weights, and a sort of the one bucket where the cut lies.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) {
    guard p < 1, candidates.count > minimumKeep else { return }
    guard p > 0 else {
      candidates.keepHighest(minimumKeep)
      return
    }
    candidates.keepNucleus(mass: p, minimumKeep: minimumKeep)
  }
}

extension CandidateSet {
  /// Keeps top_p's nucleus (at least `minimumKeep` tokens), survivors in their order.
  mutating func keepNucleus(mass p: Double, minimumKeep: Int) {
    let n = count
    let maximum = maximumLogit
    Self.grow(&narrowScratch, to: n)
    growSelectionScratch(to: n)
    let (outcome, selected) = tokens.withUnsafeBufferPointer { ids in
      logits.withUnsafeBufferPointer { values in
        narrowScratch.withUnsafeMutableBufferPointer { weights in
          indexScratch.withUnsafeMutableBufferPointer { positions in
            valueScratch.withUnsafeMutableBufferPointer { selectedWeights in
              Self.searchNucleus(
                mass: p, maximum: maximum, ids: UnsafeBufferPointer(rebasing: ids[0..<n]),
                logits: UnsafeBufferPointer(rebasing: values[0..<n]),
                weights: UnsafeMutableBufferPointer(rebasing: weights[0..<n]),
                positions: positions, selectedWeights: selectedWeights, scratch: &nucleus)
            }
          }
        }
      }
    }
    let cut: (NucleusBoundary, bucket: Int?)
    let kept: Int
    switch outcome {
    case .boundary(let boundary, let bucket, let count):
      (cut, kept) = ((boundary, bucket), count)
    case .notSuperset, .uncertain:
      let (boundary, count) = tokens.withUnsafeBufferPointer { ids in
        logits.withUnsafeBufferPointer { values in
          NucleusSearch.exactBoundary(
            mass: p, ids: UnsafeBufferPointer(rebasing: ids[0..<n]),
            logits: UnsafeBufferPointer(rebasing: values[0..<n]), scratch: &nucleus)
        }
      }
      (cut, kept) = ((boundary, nil), count)
    }
    guard kept >= minimumKeep else {
      keepHighest(minimumKeep)
      return
    }
    guard kept < n else { return }
    let searched = outcome == .notSuperset || outcome == .uncertain ? 0 : selected
    compactNucleus(cut, selected: searched)
  }

  /// The search over the candidates whose weight is at least the tail bound, or over all of
  /// them; returns the outcome and how many were selected (0: all were searched).
  private static func searchNucleus(
    mass p: Double, maximum: Float, ids: UnsafeBufferPointer<Int32>,
    logits: UnsafeBufferPointer<Float>, weights: UnsafeMutableBufferPointer<Float>,
    positions: UnsafeMutableBufferPointer<Int32>,
    selectedWeights: UnsafeMutableBufferPointer<Float>,
    scratch: inout NucleusScratch
  ) -> (NucleusSearch.Outcome, selected: Int) {
    let total = FloatVectorKernels.exponentialSum(logits, into: weights, shift: maximum).sum
    let candidates = NucleusCandidates(
      weights: UnsafeBufferPointer(weights), tokens: ids, logits: logits)
    if let found = NucleusSearch.searchAboveTailBound(
      mass: p, maximum: maximum, candidates, total: total, positions: positions,
      selected: selectedWeights, scratch: &scratch)
    {
      return found
    }
    return (
      NucleusSearch.search(
        mass: p, maximum: maximum, candidates, rest: 0, restCount: 0, scratch: &scratch), 0
    )
  }

  /// Keeps the candidates that `cut` decides to keep, in their order: the first `selected`
  /// positions in `indexScratch` with their weights in `valueScratch` (0: every candidate,
  /// with its weight in `narrowScratch`).
  private mutating func compactNucleus(_ cut: (NucleusBoundary, bucket: Int?), selected: Int) {
    let n = count
    count = tokens.withUnsafeMutableBufferPointer { ids in
      logits.withUnsafeMutableBufferPointer { values in
        let weights = selected > 0 ? valueScratch : narrowScratch
        return weights.withUnsafeBufferPointer { weights in
          indexScratch.withUnsafeBufferPointer { positions in
            let candidates = NucleusCandidates(
              weights: UnsafeBufferPointer(rebasing: weights[0..<(selected > 0 ? selected : n)]),
              positions: selected > 0
                ? UnsafeBufferPointer(rebasing: positions[0..<selected]) : nil,
              tokens: UnsafeBufferPointer(ids), logits: UnsafeBufferPointer(values))
            // Positions ascend, so moving survivors forward never overwrites one not yet read.
            var kept = 0
            NucleusSearch.forEachKept(candidates, cut, scratch: nucleus) { index in
              let position = candidates.position(index)
              ids[kept] = ids[position]
              values[kept] = values[position]
              kept += 1
            }
            return kept
          }
        }
      }
    }
  }
}

extension TopP {
  /// The parameters of `top_p`, declared once.
  public enum Parameter {
    /// `p`: [0, 1], 1 disables.
    public static let p = ProcessorParameter.number(
      "top_p", "p", .unitInterval, default: 0.95, note: "1 disables")
    /// `min_keep`: the fewest tokens to keep, at least 1.
    public static let minimumKeep = ProcessorParameter<Int>.minimumKeep("top_p")
  }

  /// `top_p` in the chain grammar.
  static let form = SpecificationForm<any LogitsProcessor>(
    "top_p", summary: "keep the smallest top set whose probability reaches p",
    parameters: [Parameter.p.erased, Parameter.minimumKeep.erased]
  ) { try TopP($0[Parameter.p], minimumKeep: $0[Parameter.minimumKeep]) }
}
