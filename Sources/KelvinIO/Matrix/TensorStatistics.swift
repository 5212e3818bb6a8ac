/// Summary statistics of a tensor, for a person checking what a file holds.
public struct TensorStatistics: Sendable, Equatable {
  /// The number of elements.
  public var count = 0
  /// The smallest finite value, or `nil` when there is none.
  public var minimum: Double?
  /// The largest finite value, or `nil` when there is none.
  public var maximum: Double?
  /// The mean of the finite values, or `nil` when there is none.
  public var mean: Double?
  /// How many elements are NaN.
  public var nanCount = 0
  /// How many elements are `+inf`.
  public var positiveInfinityCount = 0
  /// How many elements are `-inf`.
  public var negativeInfinityCount = 0

  /// Reads every row of `source`, a block at a time (constant memory).
  ///
  /// The mean is accumulated in `Double` per row and combined across rows.
  ///
  /// - Parameters:
  ///   - source: The tensor.
  ///   - progress: Called after each row with the number of rows read so far.
  /// - Throws: ``KelvinIOError`` when the file cannot be read.
  /// - Complexity: O(n) time, O(block) memory.
  public init(_ source: any MatrixSource, progress: (Int) -> Void = { _ in }) throws {
    var sum = 0.0
    var finiteCount = 0
    var low = Double.infinity
    var high = -Double.infinity
    try source.forEachRow(as: Double.self) { index, row in
      defer { progress(index + 1) }
      var rowSum = 0.0
      for value in row {
        if value.isNaN {
          nanCount += 1
        } else if value == .infinity {
          positiveInfinityCount += 1
        } else if value == -.infinity {
          negativeInfinityCount += 1
        } else {
          finiteCount += 1
          rowSum += value
          low = Swift.min(low, value)
          high = Swift.max(high, value)
        }
      }
      sum += rowSum
    }
    count = source.rows * source.columns
    if finiteCount > 0 {
      minimum = low
      maximum = high
      mean = sum / Double(finiteCount)
    }
  }
}
