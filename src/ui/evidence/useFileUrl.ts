/** An object URL for a stored file (or its preview), released when no longer shown. */
import { useEffect, useState } from 'react';
import { fileForDisplay } from '../../app/evidence';
import { useApp } from '../appContext';

export function useFileUrl(hash: string, preview: boolean): string | undefined {
  const { db } = useApp();
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let live = true;
    let made: string | undefined;
    void fileForDisplay(db, hash, preview).then((blob) => {
      if (!live || !blob) return;
      made = URL.createObjectURL(blob);
      setUrl(made);
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [db, hash, preview]);
  return url;
}
