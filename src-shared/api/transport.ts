/** What travels from a window to the core on every transport (IPC or HTTP). */
export interface InvokeMessage {
  method: string;
  arg: unknown;
  operator?: string;
  station?: string;
}

export const IPC_INVOKE_CHANNEL = 'waybill:invoke';
export const IPC_EVENT_CHANNEL = 'waybill:event';
