extension CandidateSet {
  /// Keeps the candidates whose token is in `mask`, preserving their order.
  ///
  /// - Complexity: O(V/64 + allowed) when the set still holds every token in token order
  ///   (the constraint comes first in the chain): the allowed tokens are gathered from the
  ///   mask's set bits. O(n) otherwise.
  mutating func retain(mask: TokenMask) {
    let n = count
    guard order == .byToken, n == mask.vocabularySize else {
      retain { token, _ in mask.contains(Int(token)) }
      return
    }
    // Token t sits at index t, and the kept index never passes the read index.
    count = mask.words.withUnsafeBufferPointer { words in
      tokens.withUnsafeMutableBufferPointer { ids in
        logits.withUnsafeMutableBufferPointer { values in
          var kept = 0
          for (index, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
              let token = index << 6 + bits.trailingZeroBitCount
              ids[kept] = Int32(truncatingIfNeeded: token)
              values[kept] = values[token]
              kept += 1
              bits &= bits - 1
            }
          }
          return kept
        }
      }
    }
  }
}
