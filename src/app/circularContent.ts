/**
 * The circular's content (sentences, attachments and their column layout) as the .docx writer makes
 * it, for the print view to show the same document on screen.
 */
export {
  attachmentLayout,
  circularContent,
  indicatorHeader,
  type CircularContent,
  type CircularDocxOptions,
} from '../formats/docx/circularDocx';
