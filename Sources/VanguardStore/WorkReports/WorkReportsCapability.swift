/// 进展情况报告与工作总结: report calls, reports with files, their review and reminders, and their counters.
enum WorkReportsCapability: StoreCapability {
    static let migrations: [any Migration] = [M027WorkReports(), M030ReportSuperior()]
    static let projections: [any Projection] = [WorkReportProjection()]
}

extension Vanguard {
    public var workReports: WorkReportService { .init(backend: backend, time: time) }
}
