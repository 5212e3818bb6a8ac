extension MatrixSource {
  /// About how many values one block of rows holds while streaming.
  public static var streamingBlockValues: Int { 1 << 20 }

  /// Calls `body` with the index and the values of each row in `rows`, in order, reading a
  /// block of rows at a time, so memory stays constant whatever the file's size.
  ///
  /// Rows are mutable slices of the block, so a transform can work in place. No block is
  /// allocated when there are no rows (a `(0, N)` tensor asks for nothing).
  ///
  /// - Parameters:
  ///   - rows: The rows to visit; `nil` visits all.
  ///   - type: `Float` or `Double`: the element type the rows are read as.
  ///   - body: Called with the row index and its values.
  /// - Throws: ``KelvinIOError`` from reading; an error from `body` that is not a
  ///   ``KelvinIOError`` is reported as a `.malformed` error naming the file and the row
  ///   (`logits.npy row 3: logits[1] is nan: …`). Rows after a failing one are not read.
  /// - Complexity: O(rows · columns) time, O(min(rows, block) · columns) memory.
  public func forEachRow<Element: BinaryFloatingPoint>(
    in rows: Range<Int>? = nil, as type: Element.Type,
    _ body: (Int, UnsafeMutableBufferPointer<Element>) throws -> Void
  ) throws {
    precondition(Element.self == Float.self || Element.self == Double.self, "Float or Double")
    let range = rows ?? 0..<self.rows
    guard !range.isEmpty else { return }
    precondition(range.lowerBound >= 0 && range.upperBound <= self.rows, "rows out of range")
    let columns = self.columns
    let blockRows = Swift.min(
      range.count, Swift.max(1, Self.streamingBlockValues / Swift.max(1, columns)))
    var block = [Element](repeating: 0, count: blockRows * columns)
    var start = range.lowerBound
    while start < range.upperBound {
      let end = Swift.min(range.upperBound, start + blockRows)
      try block.withUnsafeMutableBufferPointer { buffer in
        let filled = UnsafeMutableBufferPointer(rebasing: buffer[0..<((end - start) * columns)])
        try read(start..<end, into: filled)
        for index in start..<end {
          let offset = (index - start) * columns
          let row = UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + columns)])
          do {
            try body(index, row)
          } catch let error as KelvinIOError {
            throw error
          } catch {
            throw KelvinIOError(.malformed, path: path, row: index, "\(error)")
          }
        }
      }
      start = end
    }
  }

  /// Streams rows through `transform` into `writer`, a block of rows at a time.
  ///
  /// - Parameters:
  ///   - rows: The rows to write; `nil` writes all.
  ///   - type: The element type the rows are read and transformed as.
  ///   - writer: The output; not committed here.
  ///   - transform: Changes a row in place (softmax at τ, say).
  /// - Throws: As ``forEachRow(in:as:_:)``, and the writer's errors.
  /// - Complexity: O(rows · columns) time, constant memory.
  public func write<Element: BinaryFloatingPoint>(
    rows: Range<Int>? = nil, as type: Element.Type, to writer: MatrixWriter,
    transform: (Int, UnsafeMutableBufferPointer<Element>) throws -> Void
  ) throws {
    try forEachRow(in: rows, as: type) { index, row in
      try transform(index, row)
      if let floats = row as? UnsafeMutableBufferPointer<Float> {
        try writer.append(UnsafeBufferPointer(floats))
      } else if let doubles = row as? UnsafeMutableBufferPointer<Double> {
        try writer.append(UnsafeBufferPointer(doubles))
      }
    }
  }

  /// Every row as an array of doubles.
  ///
  /// - Parameter progress: Called after each row with the number of rows read.
  /// - Throws: ``KelvinIOError`` when the file cannot be read.
  /// - Complexity: O(rows · columns) memory.
  public func allRows(progress: (Int) -> Void = { _ in }) throws -> [[Double]] {
    var result: [[Double]] = []
    result.reserveCapacity(rows)
    try forEachRow(as: Double.self) { index, row in
      result.append(Array(row))
      progress(index + 1)
    }
    return result
  }

  func read<Element: BinaryFloatingPoint>(
    _ rows: Range<Int>, into buffer: UnsafeMutableBufferPointer<Element>
  ) throws {
    if Element.self == Float.self {
      try buffer.withMemoryRebound(to: Float.self) { try readRows(rows, into: $0) }
    } else {
      try buffer.withMemoryRebound(to: Double.self) { try readRows(rows, into: $0) }
    }
  }
}
