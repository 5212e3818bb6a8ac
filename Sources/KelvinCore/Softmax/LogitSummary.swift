/// The facts about a logit vector that every member of the softmax family needs, gathered in
/// one validating pass.
@usableFromInline
struct LogitSummary: Sendable {
  /// The largest logit (finite, since at least one token is unmasked).
  @usableFromInline let maximum: Double
  /// How many logits equal ``maximum``.
  @usableFromInline let maximumCount: Int
  /// How many logits are not `-inf`.
  @usableFromInline let unmaskedCount: Int

  /// Scans `logits` once.
  ///
  /// - Throws: ``KelvinError/emptyInput(field:)`` for an empty vector,
  ///   ``KelvinError/invalidLogit(index:value:)`` for the first NaN or `+inf`, and
  ///   ``KelvinError/everyLogitMasked(count:)`` when every entry is `-inf`.
  /// - Complexity: O(n).
  @inlinable
  init<T: BinaryFloatingPoint>(_ logits: UnsafeBufferPointer<T>) throws {
    guard !logits.isEmpty else { throw KelvinError.emptyInput(field: "logits") }
    var maximum = -Double.infinity
    var maximumCount = 0
    var unmaskedCount = 0
    for index in logits.indices {
      let value = Double(logits[index])
      if value.isNaN || value == .infinity {
        throw KelvinError.invalidLogit(index: index, value: value)
      }
      if value == -.infinity { continue }
      unmaskedCount += 1
      if value > maximum {
        maximum = value
        maximumCount = 1
      } else if value == maximum {
        maximumCount += 1
      }
    }
    guard unmaskedCount > 0 else { throw KelvinError.everyLogitMasked(count: logits.count) }
    self.maximum = maximum
    self.maximumCount = maximumCount
    self.unmaskedCount = unmaskedCount
  }
}
