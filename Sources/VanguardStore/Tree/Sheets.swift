/// The spreadsheet readers and writers live in `VanguardSheets`; the store's import checks use them as its own.
@_exported import VanguardSheets
