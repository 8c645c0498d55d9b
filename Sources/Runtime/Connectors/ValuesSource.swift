/// A bounded source over rows in memory (`VALUES`, tests). Rows are spread over subtasks in contiguous
/// ranges, so each subtask keeps the original order of its share; with `onlyFirstSubtask` subtask 0 emits
/// everything.
public final class ValuesSource: SourceReader {
    let rows: [Row]
    var position = 0

    public init(rows: [Row], subtask: Int, parallelism: Int, onlyFirstSubtask: Bool = true) {
        if onlyFirstSubtask {
            self.rows = subtask == 0 ? rows : []
        } else {
            let per = (rows.count + parallelism - 1) / max(1, parallelism)
            let lo = min(rows.count, subtask * per)
            self.rows = Array(rows[lo..<min(rows.count, lo + per)])
        }
    }

    public func poll(output: Output) throws -> SourceStatus {
        let end = min(rows.count, position + 1024)
        while position < end {
            output.emit(rows[position])
            position += 1
        }
        return position >= rows.count ? .finished : .more
    }
}
