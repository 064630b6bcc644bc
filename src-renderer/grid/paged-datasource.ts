import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { Page } from '../../src-shared/api';

/** AG Grid's infinite row model over a core method that returns one block of rows at a time. */
export function pagedDatasource<T>(fetchBlock: (params: IGetRowsParams) => Promise<Page<T>>): IDatasource {
  return {
    getRows: (params) => {
      fetchBlock(params).then(
        (page) => params.successCallback(page.rows, page.lastRow ?? undefined),
        () => params.failCallback(),
      );
    },
  };
}
