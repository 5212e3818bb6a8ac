/// Which entries of a long vector a table shows: all of them in index order when there are
/// at most `top` (or `top` is 0), else the `top` largest by weight, largest first, ties by
/// lower index.
struct ShownEntries {
  /// The indices to show, in display order.
  let indices: [Int]
  /// How many entries are not shown.
  let hidden: Int

  /// Chooses the entries.
  ///
  /// - Complexity: O(n log top) with a bounded heap.
  init(weights: [Double], top: Int) {
    let count = weights.count
    guard top > 0, count > top else {
      indices = Array(0..<count)
      hidden = 0
      return
    }
    // A min-heap of the best `top` so far, by (weight, -index): the root is the worst kept.
    func worse(_ a: Int, _ b: Int) -> Bool {
      let (x, y) = (weights[a], weights[b])
      return x < y || (x == y && a > b) || (x.isNaN && !y.isNaN)
    }
    var heap: [Int] = []
    heap.reserveCapacity(top)
    for index in 0..<count {
      if heap.count < top {
        heap.append(index)
        var child = heap.count - 1
        while child > 0, worse(heap[child], heap[(child - 1) / 2]) {
          heap.swapAt(child, (child - 1) / 2)
          child = (child - 1) / 2
        }
      } else if worse(heap[0], index) {
        heap[0] = index
        var parent = 0
        while true {
          let (left, right) = (2 * parent + 1, 2 * parent + 2)
          var smallest = parent
          if left < top, worse(heap[left], heap[smallest]) { smallest = left }
          if right < top, worse(heap[right], heap[smallest]) { smallest = right }
          if smallest == parent { break }
          heap.swapAt(parent, smallest)
          parent = smallest
        }
      }
    }
    indices = heap.sorted { worse($1, $0) }
    hidden = count - top
  }

  /// The line after a table that left entries out, or `nil`.
  func note(_ noun: String) -> String? {
    guard hidden > 0 else { return nil }
    return
      "(the \(indices.count) largest shown, largest first; \(hidden) more \(noun) not shown: --top 0 shows all)"
  }
}

extension TextFormatting {
  /// A table of `rows` (a header first) computed one row at a time: aligned by content when it
  /// is short, else streamed with the given widths so that memory stays one row.
  ///
  /// - Parameters:
  ///   - header: The column titles.
  ///   - count: The number of rows.
  ///   - widths: Fixed widths for the streamed form.
  ///   - leftAligned: Left-aligned leading columns (the short form).
  ///   - row: The cells of row `index`.
  static func stream(
    header: [String], count: Int, widths: [Int], leftAligned: Int = 0,
    to output: CommandOutput, row: (Int) -> [String]
  ) throws {
    if count <= 10_000 {
      try output.write(table([header] + (0..<count).map(row), leftAligned: leftAligned))
      return
    }
    let fitted = zip(header, widths).map { max($0.count, $1) }
    try output.line(Self.row(header, widths: fitted))
    for index in 0..<count { try output.line(Self.row(row(index), widths: fitted)) }
  }
}
