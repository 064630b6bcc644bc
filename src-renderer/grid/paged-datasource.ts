import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { Page } from '../../src-shared/api';

/** AG Grid's infinite row model over a core method that returns one block of rows at a time. */
export function pagedDatasource<T>(fetchBlock: (params: IGetRowsParams) => Promise<Page<T>>): IDatasource {
  return {
    getRows: (params) => {
      fetchBlock(params).then(
        // A known row count sizes the scrollbar from the first block, so a drag to the bottom reaches the last row.
        (page) => params.successCallback(page.rows, page.lastRow ?? page.rowCount),
        () => params.failCallback(),
      );
    },
  };
}
