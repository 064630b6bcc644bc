import { useState, type DragEvent, type ReactNode } from 'react';
import { useAppStore } from '../../stores';
import { PRESET_LABELS } from './ImportControls';

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

/** Dropping a file anywhere on the view imports it with the chosen preset. */
export function DropZone({ children }: { children: ReactNode }) {
  const importFile = useAppStore((s) => s.importFile);
  const preset = useAppStore((s) => s.importPreset);
  const [over, setOver] = useState(false);
  return (
    <div
      className={over ? 'drop-zone over' : 'drop-zone'}
      data-testid="drop-zone"
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setOver(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer.files[0];
        if (file) void importFile(file);
      }}
    >
      {children}
      {over && <div className="drop-hint">Drop to import as {PRESET_LABELS[preset]}</div>}
    </div>
  );
}
