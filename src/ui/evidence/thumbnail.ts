/**
 * Previews of attached images, made once when a file is attached and stored beside it: a list of twenty
 * findings then decodes twenty ~10 KB JPEGs instead of twenty full screenshots of a few hundred KB.
 */
const EDGE = 240;

export async function makeThumbnail(file: Blob): Promise<Blob | undefined> {
  if (!file.type.startsWith('image/') || typeof createImageBitmap !== 'function') return undefined;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) return undefined;
    // screenshots with transparency get a white page behind them, as they would on paper
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return await new Promise<Blob | undefined>((resolve) => canvas.toBlob((b) => resolve(b ?? undefined), 'image/jpeg', 0.8));
  } catch {
    // an image the browser cannot decode is still attached, shown by name
    return undefined;
  }
}
