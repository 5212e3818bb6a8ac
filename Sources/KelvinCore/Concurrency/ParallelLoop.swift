import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs independent pieces of work (rows of a batch, chunks of bandit runs) over threads.
///
/// Indices are handed out one at a time to whichever thread is free, so a thread the system
/// slows down takes fewer. Results must not depend on which thread runs an index: each index
/// writes only its own output, and callers combine outputs in index order, which keeps
/// results identical for every thread count.
public enum ParallelLoop {
  /// Calls `body(index)` once for every index in `0..<count`, over `threads` threads.
  ///
  /// With one thread (or one index) the indices run in order on the calling thread.
  ///
  /// - Parameters:
  ///   - count: The number of indices.
  ///   - threads: The number of threads, ≥ 1.
  ///   - body: The work for one index; it may run on any thread.
  /// - Throws: The first error any index threw; indices not yet handed out are skipped.
  /// - Complexity: O(count) calls of `body`, plus one lock per index.
  public static func forEach(
    _ count: Int, threads: Int, _ body: @Sendable (Int) throws -> Void
  ) throws {
    if threads <= 1 || count <= 1 {
      for index in 0..<count { try body(index) }
      return
    }
    let dispenser = IndexDispenser(count)
    DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
      while let index = dispenser.next() {
        do { try body(index) } catch { dispenser.fail(error) }
      }
    }
    if let error = dispenser.error { throw error }
  }
}

/// Hands out `0..<count` once each to any thread, and keeps the first error.
final class IndexDispenser: @unchecked Sendable {
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  private var following = 0
  private let count: Int
  private var firstError: (any Error)?

  init(_ count: Int) {
    self.count = count
    mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    mutex.initialize(to: pthread_mutex_t())
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  private func locked<T>(_ body: () -> T) -> T {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return body()
  }

  /// The next index, or `nil` when all are handed out or an index failed.
  func next() -> Int? {
    locked {
      guard following < count, firstError == nil else { return nil }
      defer { following += 1 }
      return following
    }
  }

  /// Records an error; the first one is kept.
  func fail(_ error: any Error) { locked { if firstError == nil { firstError = error } } }

  /// The first error recorded.
  var error: (any Error)? { locked { firstError } }
}
