import KelvinCore
import KelvinText

/// What a processor can use besides the candidates: the step's random stream and the size of
/// the vocabulary the candidates were drawn from.
public struct SamplingContext: Sendable {
  /// The random generator of this sequence and step (see ``SamplingStream``).
  public var random: Xoshiro256StarStar
  /// The number of tokens in the model's vocabulary.
  public let vocabularySize: Int

  /// Creates a context.
  public init(random: Xoshiro256StarStar, vocabularySize: Int) {
    self.random = random
    self.vocabularySize = vocabularySize
  }
}

/// One stage of a sampler chain: it narrows the candidate set (truncation) or reshapes its
/// logits (temperature, penalties, biases).
///
/// Write your own to add a grammar mask or a domain bias. Stateful processors (penalties,
/// DRY, mirostat, no-repeat-n-gram) learn each accepted token through ``accept(_:)`` — and
/// prompt tokens through ``acceptPrompt(_:)`` — and forget them in ``reset()``. A processor
/// must never leave the set empty unless it bans tokens outright; the chain reports an empty
/// set as ``SamplingError/noCandidates(after:)``.
public protocol LogitsProcessor: Sendable {
  /// The processor as a chain item (`top_p(p=0.9,min_keep=1)`).
  var specification: String { get }
  /// Narrows or reshapes `candidates` for one step.
  ///
  /// - Throws: ``SamplingError`` for input that cannot be processed.
  mutating func process(_ candidates: inout CandidateSet, context: inout SamplingContext) throws
  /// Learns a generated token.
  mutating func accept(_ token: Int)
  /// Learns a prompt token (by default the same as a generated one).
  mutating func acceptPrompt(_ token: Int)
  /// Forgets every token learned.
  mutating func reset()
  /// Whether these parameters make the processor the identity: it never changes a candidate
  /// set, draws no random number and needs no accepted token (`penalties` of 1, `top_k=0`,
  /// `top_p=1`, `min_p=0`, `temperature=1`, …). A chain skips such a processor entirely, so
  /// the first processor that does work can be fused with the first pass over the logits.
  var isIdentity: Bool { get }
}

extension LogitsProcessor {
  /// Stateless processors ignore accepted tokens.
  public mutating func accept(_ token: Int) {}
  /// Prompt tokens are accepted like generated ones unless the processor says otherwise.
  public mutating func acceptPrompt(_ token: Int) { accept(token) }
  /// Stateless processors have nothing to forget.
  public mutating func reset() {}
  /// A processor does work unless it says otherwise.
  public var isIdentity: Bool { false }
}

/// Checks shared by the processors' initialisers: each parameter's range is declared once,
/// as a static property of its processor, and used both here and by the chain grammar.
enum Check {
  /// Requires `value` to lie in `range`.
  static func integer(
    _ value: Int, in range: ClosedRange<Int>, _ processor: String, _ parameter: String
  ) throws {
    guard range.contains(value) else {
      throw SamplingError.invalidParameter(
        processor: processor, parameter: parameter, value: String(value),
        rule: ValueRule.integer(range).requirement)
    }
  }

  static func format(_ value: Double) -> String { NumberFormatting.shortest(value) }
}

extension CandidateSet {
  /// Keeps the `n` candidates with the highest logits (ties by lower token id), leaving the
  /// set sorted by logit descending.
  ///
  /// Uses a bounded selection when `n` is small relative to the set, so that no full sort is
  /// needed.
  ///
  /// - Complexity: O(m log n) for m candidates.
  mutating func keepHighest(_ n: Int) {
    guard n < count else {
      sortByLogit()
      return
    }
    guard n > 0 else {
      count = 0
      return
    }
    if order == .byToken && n <= count / 8 {
      selectHighestInTokenOrder(n)
    } else if order != .byLogitDescending && n <= count / 8 {
      selectHighest(n)
    } else {
      sortByLogit()
      truncate(to: n)
    }
  }

  /// ``selectHighest(_:)`` for a set in token order, by the vectorised selection kernel.
  ///
  /// In token order the lower position has the lower id, so the kernel's ties (lower index
  /// first) are the set's ties. The kernel never selects `-inf`; when fewer than `n` finite
  /// candidates remain, the set is sorted instead. Nothing is allocated once the scratch
  /// storage has grown.
  mutating func selectHighestInTokenOrder(_ n: Int) {
    growSelectionScratch(to: n)
    let total = count
    let found = logits.withUnsafeBufferPointer { values in
      indexScratch.withUnsafeMutableBufferPointer { positions in
        valueScratch.withUnsafeMutableBufferPointer { selected in
          FloatVectorKernels.largest(
            n, in: UnsafeBufferPointer(rebasing: values[0..<total]), indices: positions,
            values: selected)
        }
      }
    }
    guard found == n else {
      sortByLogit()
      truncate(to: n)
      return
    }
    // Positions to tokens before the front of the storage is overwritten.
    for index in 0..<n { indexScratch[index] = tokens[Int(indexScratch[index])] }
    for index in 0..<n {
      tokens[index] = indexScratch[index]
      logits[index] = valueScratch[index]
    }
    count = n
    order = .byLogitDescending
  }

  /// Moves the best `n` candidates to the front with a size-`n` min-heap, then sorts them.
  mutating func selectHighest(_ n: Int) {
    // Heap of positions; the root is the worst of the kept ones.
    var heap = [Int](0..<n)
    func worse(_ a: Int, _ b: Int) -> Bool {
      logits[a] < logits[b] || (logits[a] == logits[b] && tokens[a] > tokens[b])
    }
    func siftDown(_ start: Int) {
      var parent = start
      while true {
        let left = 2 * parent + 1
        guard left < n else { return }
        var child = left
        if left + 1 < n, worse(heap[left + 1], heap[left]) { child = left + 1 }
        guard worse(heap[child], heap[parent]) else { return }
        heap.swapAt(child, parent)
        parent = child
      }
    }
    for index in stride(from: n / 2 - 1, through: 0, by: -1) { siftDown(index) }
    for position in n..<count where worse(heap[0], position) {
      heap[0] = position
      siftDown(0)
    }
    let kept = heap.map { (token: tokens[$0], logit: logits[$0]) }
      .sorted { $0.logit > $1.logit || ($0.logit == $1.logit && $0.token < $1.token) }
    for (index, pair) in kept.enumerated() {
      tokens[index] = pair.token
      logits[index] = pair.logit
    }
    count = n
    order = .byLogitDescending
  }
}
