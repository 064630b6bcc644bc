/**
 * What every grid paged from the core shares (spread into AgGridReact beside `pagedDatasource`): 100-row blocks
 * read as the person scrolls, at most 50 kept, and a dragged scrollbar followed where the drag ends rather than
 * through every block it crosses on the way.
 */
export const PAGED_GRID = {
  rowModelType: 'infinite',
  cacheBlockSize: 100,
  maxBlocksInCache: 50,
  debounceVerticalScrollbar: true,
} as const;
