extension Sequence {
  /// The first `count` elements of `sorted(by: precedes)`, without sorting the rest.
  ///
  /// `precedes` must be a strict total order (break every tie), so the result is the same as
  /// the full sort's prefix. Keeps a sorted buffer of `count` elements: an element that does
  /// not precede the buffer's last is rejected with one comparison.
  ///
  /// - Complexity: O(n · count) in the worst case, O(n) when most elements are rejected.
  func leadingElements(_ count: Int, by precedes: (Element, Element) -> Bool) -> [Element] {
    guard count > 0 else { return [] }
    var buffer: [Element] = []
    buffer.reserveCapacity(count + 1)
    for element in self {
      if buffer.count == count {
        guard let last = buffer.last, precedes(element, last) else { continue }
        buffer.removeLast()
      }
      // Insert after every element that precedes it.
      var low = 0
      var high = buffer.count
      while low < high {
        let middle = (low + high) / 2
        if precedes(buffer[middle], element) { low = middle + 1 } else { high = middle }
      }
      buffer.insert(element, at: low)
    }
    return buffer
  }
}
