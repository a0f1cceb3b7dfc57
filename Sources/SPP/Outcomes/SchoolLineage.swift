import SQLiteStore

/// Which schools replaced which (`predecessorUrn`), for following a school's
/// Ofsted history through conversions. A school's lineage is its
/// predecessors and its successors, never its siblings (the other schools a
/// predecessor split into).
struct SchoolLineage {
    private var predecessor: [Int: Int] = [:]
    private var successors: [Int: [Int]] = [:]

    /// Links are few (conversions), so all of them are read at once.
    init(_ db: Connection) throws {
        let links = try db.fetch("SELECT urn, predecessor_urn FROM schools WHERE predecessor_urn IS NOT NULL") {
            ($0.int(0), $0.int(1))
        }
        for (urn, previous) in links {
            predecessor[urn] = previous
            successors[previous, default: []].append(urn)
        }
    }

    /// The schools `urn` replaced, nearest first. Cycles are refused when
    /// links are written; the visited set only guards against a corrupt row.
    func ancestors(of urn: Int) -> [Int] {
        var found: [Int] = []
        var seen: Set = [urn]
        var current = urn
        while let previous = predecessor[current], seen.insert(previous).inserted {
            found.append(previous)
            current = previous
        }
        return found
    }

    /// Every school that replaced `urn`, directly or through others.
    func descendants(of urn: Int) -> Set<Int> {
        var found: Set<Int> = []
        var queue = successors[urn] ?? []
        while let next = queue.popLast() {
            guard next != urn, found.insert(next).inserted else { continue }
            queue += successors[next] ?? []
        }
        return found
    }
}
