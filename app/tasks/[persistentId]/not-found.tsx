import { UnknownTask } from "@/components/task-detail/unknown-task";

// Answered with 404 (the page calls notFound()); the id comes from the address.
export default function TaskNotFound() {
  return <UnknownTask />;
}
