import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type InvokeMessage } from '../src-shared/api/transport';

/** One narrow object: invoke a named method, listen to events. No raw ipcRenderer reaches the page. */
contextBridge.exposeInMainWorld('waybill', {
  invoke: (message: InvokeMessage) =>
    ipcRenderer.invoke(IPC_INVOKE_CHANNEL, {
      method: String(message.method),
      arg: message.arg,
      operator: message.operator,
      station: message.station,
    }),
  on: (listener: (name: string, payload: unknown) => void) => {
    const forward = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
  },
});
