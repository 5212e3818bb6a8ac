import KelvinCore

/// "Did you mean …?": the known name closest to a mistyped one.
public enum ClosestName {
  /// The candidate closest to `word`, when it is close enough to be the likely intent.
  ///
  /// Close means an edit distance (insertions, deletions, substitutions and swaps of
  /// neighbours, ignoring case, with `-` and `_` alike) of at most a third of the longer word
  /// (at least 1), or `word` being a prefix of exactly one candidate. Ties go to the earlier
  /// candidate.
  ///
  /// - Complexity: O(Σ |word| · |candidate|).
  public static func suggestion(for word: String, among candidates: [String]) -> String? {
    let typed = normalized(word)
    guard !typed.isEmpty else { return nil }
    var best: (name: String, distance: Int)?
    for candidate in candidates {
      let known = normalized(candidate)
      let distance = editDistance(typed, known)
      let allowed = max(1, max(typed.count, known.count) / 3)
      if distance <= allowed, distance < (best?.distance ?? Int.max) {
        best = (candidate, distance)
      }
    }
    if let best { return best.name }
    let extensions = candidates.filter { normalized($0).starts(with: typed) }
    return extensions.count == 1 ? extensions[0] : nil
  }

  static func normalized(_ word: String) -> [Character] {
    Array(word.lowercased().map { $0 == "-" ? "_" : $0 })
  }

  /// The optimal-string-alignment distance between two words.
  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousPrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = min(current[j], previousPrevious[j - 2] + 1)
        }
      }
      (previousPrevious, previous, current) = (previous, current, previousPrevious)
    }
    return previous[b.count]
  }
}
