-- AlterTable
ALTER TABLE "task_items" ALTER COLUMN "code" DROP NOT NULL;
